"use client"

import { RecommendationList, type FeedbackType, type Recommendation } from "medusa-plugin-rl-recommendations-storefront"
import { useRouter } from "next/navigation"
import { addToCart } from "@lib/data/cart"

/**
 * The plugin's list, fed by the server (see recommendations.tsx): feedback
 * goes to this app's /api/rl/feedback by beacon, which survives the page
 * navigating away on a click, with the recommendation's token (a product
 * page without a cart still reports); adding to the cart is the cart's
 * server action.
 */
export function RecommendationStrip({ recommendation, countryCode, title }: { recommendation: Recommendation; countryCode: string; title?: string }) {
  const router = useRouter()
  const send = (type: FeedbackType, productId?: string) => {
    const body = JSON.stringify({ recommendation_id: recommendation.id, type, product_id: productId, token: recommendation.feedback_token })
    if (navigator.sendBeacon?.("/api/rl/feedback", body)) return
    return fetch("/api/rl/feedback", { method: "POST", body, keepalive: true })
  }
  return (
    <RecommendationList
      recommendation={recommendation}
      title={title}
      onFeedback={send}
      productHref={(p) => `/${countryCode}/products/${p.handle}`}
      onAddToCart={async (p) => {
        if (!p.variant_id) return
        await addToCart({ variantId: p.variant_id, quantity: 1, countryCode })
        router.refresh()
      }}
    />
  )
}
