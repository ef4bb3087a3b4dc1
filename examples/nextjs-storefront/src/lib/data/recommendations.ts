import "server-only"
import { RecommendationsClient, type Intent, type Placement, type Recommendation } from "medusa-plugin-rl-recommendations-storefront"
import { connection } from "next/server"
import { sdk } from "../config"
import { getAuthHeaders, getCartId } from "./cookies"

/**
 * The plugin's client on this server, with the shopper's token from the
 * httpOnly cookie: the store then knows the customer (and their history)
 * without the browser ever holding the token.
 */
export async function recommendationsClient() {
  return new RecommendationsClient({ sdk, headers: await getAuthHeaders() })
}

/**
 * Recommendations for the shopper's cart (from the cookie) or, without one,
 * for the customer or guest in `countryCode`'s region; on a product page,
 * around `productId` (the cart as context). Null when the route fails: a
 * recommendation strip must never take a page down.
 */
export async function getRecommendations(
  countryCode: string,
  { limit = 4, placement, productId, intent }: { limit?: number; placement?: Placement; productId?: string; intent?: Intent } = {}
): Promise<Recommendation | null> {
  // per shopper, so rendered per request even on a page where nothing else reads cookies (the
  // catch below would otherwise also swallow Next's signal that this one does)
  await connection()
  try {
    const client = await recommendationsClient()
    const cartId = await getCartId()
    return await client.recommend({ placement, cart_id: cartId, product_id: productId, intent, country_code: countryCode, limit })
  } catch (e) {
    console.error("recommendations unavailable:", e instanceof Error ? e.message : e)
    return null
  }
}
