"use client"
/**
 * <Recommendations client cartId limit /> — a "you may also like" strip that
 * fetches in the browser: for a storefront whose browser code holds the cart
 * id and a publishable key. (A storefront that keeps them in httpOnly cookies,
 * like the Next.js starter, fetches on its server and renders
 * <RecommendationList> instead.) Feedback names the cart the list was served
 * for, and the strip renders nothing when the route fails: a recommendation
 * widget must never break a page.
 */
import { useEffect, useState } from "react"
import type { RecommendationsClient } from "./client.js"
import { RecommendationList } from "./recommendation-list.js"
import type { FeedbackType, Recommendation, RecommendedProduct } from "./types.js"

export interface RecommendationsProps {
  client: RecommendationsClient
  cartId?: string
  limit?: number
  title?: string
  /** Adds the variant to the cart (your storefront's own action); the widget reports `add_to_cart` after it resolves. */
  onAddToCart?: (product: RecommendedProduct) => Promise<void> | void
  /** Where a product links to. Default `/products/<handle>`. */
  productHref?: (product: RecommendedProduct) => string
  /** Changes of this value fetch new recommendations (e.g. the cart's item count). */
  refreshKey?: unknown
  className?: string
}

export function Recommendations({ client, cartId, limit = 6, refreshKey, ...list }: RecommendationsProps) {
  // the recommendation and the cart it was served for (feedback must name that cart, not a newer one)
  const [served, setServed] = useState<{ rec: Recommendation; cartId?: string } | null>(null)

  useEffect(() => {
    let live = true
    client
      .recommend({ cart_id: cartId, limit })
      .then((r) => live && setServed({ rec: r, cartId }))
      .catch(() => live && setServed(null)) // quietly: no widget rather than a broken page
    return () => {
      live = false
    }
  }, [client, cartId, limit, refreshKey])

  const servedCart = served?.cartId
  // without a cart (and without a signed-in customer's token) there is nothing to attribute feedback to
  const onFeedback = servedCart
    ? (type: FeedbackType, productId?: string) => client.feedback(served!.rec.id, { type, product_id: productId, cart_id: servedCart })
    : undefined

  return <RecommendationList recommendation={served?.rec} onFeedback={onFeedback} {...list} />
}
