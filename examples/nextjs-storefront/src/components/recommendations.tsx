import type { Intent, Placement } from "medusa-plugin-rl-recommendations-storefront"
import { getRecommendations } from "@lib/data/recommendations"
import { RecommendationStrip } from "./recommendation-strip"

/**
 * Server component: fetched with the shopper's cookies while the page renders, so it is in the
 * HTML. On a product page, `productId` recommends around that product.
 */
export async function Recommendations({
  countryCode,
  limit = 4,
  placement,
  productId,
  intent,
  title,
}: {
  countryCode: string
  limit?: number
  /** Default: `product` with a productId, else `cart` when the shopper has one, else `home`. */
  placement?: Placement
  productId?: string
  intent?: Intent
  title?: string
}) {
  const recommendation = await getRecommendations(countryCode, { limit, placement, productId, intent })
  if (!recommendation) return null
  return <RecommendationStrip recommendation={recommendation} countryCode={countryCode} title={title} />
}
