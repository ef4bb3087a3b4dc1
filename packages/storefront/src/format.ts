import type { RecommendationReason } from "./types.js"

/** A price as the shopper reads it; falls back to "12.50 EUR" for a currency Intl does not know. */
export function formatPrice(amount: number, currency: string, locale = "en-GB"): string {
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency: currency.toUpperCase() }).format(amount)
  } catch {
    return `${amount.toFixed(2)} ${currency.toUpperCase()}`
  }
}

/**
 * A reason in words for a shopper ("Often bought together"). `titles` names
 * the products a `bought_with` or `similar_to` reason points at, when the
 * caller knows them (the page's product, the cart's items).
 */
export function describeReason(reason: RecommendationReason, titles: Record<string, string> = {}): string {
  const named = (ids: readonly string[]) => ids.map((id) => titles[id]).filter(Boolean)
  switch (reason.kind) {
    case "bought_with": {
      const names = named(reason.product_ids)
      return names.length ? `Often bought with ${names.slice(0, 2).join(" and ")}` : "Often bought together"
    }
    case "bought_before":
      return "You bought this before"
    case "similar_to":
      return titles[reason.product_id] ? `Similar to ${titles[reason.product_id]}` : "A similar choice"
    case "in_category":
      return "From the same category"
    case "in_price_band":
      return `In the ${reason.band} price range`
    case "near_price_band":
      return `Close to the ${reason.band} price range`
    case "popular_now":
      return "Popular right now"
    case "pinned":
      return "Featured"
  }
}
