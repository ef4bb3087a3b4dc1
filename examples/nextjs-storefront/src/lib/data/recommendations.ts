import "server-only"
import { RecommendationsClient, type Recommendation } from "medusa-plugin-rl-recommendations-storefront"
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
 * for the customer or guest in `countryCode`'s region. Null when the route
 * fails: a recommendation strip must never take a page down.
 */
export async function getRecommendations(countryCode: string, limit = 4): Promise<Recommendation | null> {
  // per shopper, so never prerendered: a statically generated page (the starter's product pages have
  // generateStaticParams) would otherwise bake in a build-time guest's list, or none (the catch
  // below would swallow Next's signal that the page reads cookies)
  await connection()
  try {
    const client = await recommendationsClient()
    const cartId = await getCartId()
    return await client.recommend({ cart_id: cartId, country_code: countryCode, limit })
  } catch (e) {
    console.error("recommendations unavailable:", e instanceof Error ? e.message : e)
    return null
  }
}
