"use client"
/**
 * <Recommendations client cartId productId limit /> — a "you may also like"
 * strip that fetches in the browser: for a storefront whose browser code
 * holds the cart id and a publishable key. (A storefront that keeps them in
 * httpOnly cookies, like the Next.js starter, fetches on its server and
 * renders <RecommendationList> instead.) On a product page, `productId`
 * recommends around it (`intent` "similar" for substitutes). Feedback goes
 * with the recommendation's token, and names the cart it was served for when
 * there is one; the strip renders nothing when the route fails: a
 * recommendation widget must never break a page.
 */
import { useEffect, useState } from "react"
import type { RecommendationsClient } from "./client.js"
import { RecommendationList } from "./recommendation-list.js"
import type { FeedbackType, Intent, Placement, Recommendation, RecommendedProduct } from "./types.js"

export interface RecommendationsProps {
  client: RecommendationsClient
  cartId?: string
  /** The product page's product: the list is built around it, and never shows it. */
  productId?: string
  /** Default: `product` with a productId, `cart` with a cartId, else `home`. */
  placement?: Placement
  /** `complementary` (bought together, the default) or `similar` (substitutes). */
  intent?: Intent
  limit?: number
  title?: string
  /** Adds the variant to the cart (your storefront's own action); the widget reports `add_to_cart` after it resolves. */
  onAddToCart?: (product: RecommendedProduct) => Promise<void> | void
  /** Where a product links to. Default `/products/<handle>`. */
  productHref?: (product: RecommendedProduct) => string
  /** Changes of this value fetch new recommendations (e.g. the cart's item count). */
  refreshKey?: unknown
  /** Shows each product's reason in words (off by default). */
  showReasons?: boolean
  className?: string
}

export function Recommendations({ client, cartId, productId, placement, intent, limit = 6, refreshKey, ...list }: RecommendationsProps) {
  // the recommendation and the cart it was served for (feedback must name that cart, not a newer one)
  const [served, setServed] = useState<{ rec: Recommendation; cartId?: string } | null>(null)

  useEffect(() => {
    let live = true
    client
      .recommend({ cart_id: cartId, product_id: productId, placement, intent, limit })
      .then((r) => live && setServed({ rec: r, cartId }))
      .catch(() => live && setServed(null)) // quietly: no widget rather than a broken page
    return () => {
      live = false
    }
  }, [client, cartId, productId, placement, intent, limit, refreshKey])

  // the token proves the list was served here (view, click, dismiss); the cart it was served for
  // (not a newer one) is what an add_to_cart is checked against
  const onFeedback = served
    ? (type: FeedbackType, id?: string) =>
        client.feedback(served.rec.id, { type, product_id: id, cart_id: served.cartId, token: served.rec.feedback_token })
    : undefined

  return <RecommendationList recommendation={served?.rec} onFeedback={onFeedback} {...list} />
}
