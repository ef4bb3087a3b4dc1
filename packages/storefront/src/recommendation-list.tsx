"use client"
/**
 * <RecommendationList recommendation onFeedback /> — renders one
 * recommendation the caller already has: what a server-rendered storefront
 * (Next.js App Router) uses, fetching on the server with the shopper's
 * cookies and passing the result down. It reports `view` once shown,
 * `click` and `add_to_cart` when used and `dismiss` when hidden through
 * `onFeedback`, which the caller routes to the store (a route handler, a
 * server action). Feedback failures never reach the page.
 */
import { useEffect, useRef, useState } from "react"
import { describeReason, formatPrice } from "./format.js"
import type { FeedbackType, Recommendation, RecommendedProduct } from "./types.js"

export interface RecommendationListProps {
  recommendation: Recommendation | null | undefined
  /** Reports what the shopper did; rejected promises are swallowed. */
  onFeedback?: (type: FeedbackType, productId?: string) => Promise<unknown> | unknown
  /** Adds the variant to the cart (your storefront's own action); `add_to_cart` is reported after it resolves. */
  onAddToCart?: (product: RecommendedProduct) => Promise<unknown> | unknown
  /** Where a product links to. Default `/products/<handle>`. */
  productHref?: (product: RecommendedProduct) => string
  title?: string
  /** Shows each product's reason in words under its title (off by default). */
  showReasons?: boolean
  /** Titles of the products reasons point at (the page's product, the cart's items), by id. */
  reasonTitles?: Record<string, string>
  className?: string
}

export function RecommendationList({
  recommendation: rec,
  onFeedback,
  onAddToCart,
  productHref = (p) => `/products/${p.handle}`,
  title = "You may also like",
  showReasons = false,
  reasonTitles,
  className,
}: RecommendationListProps) {
  const [hidden, setHidden] = useState(false)
  const [busy, setBusy] = useState<string | null>(null)
  const reported = useRef<string | null>(null)

  const report = (type: FeedbackType, productId?: string) => {
    if (!onFeedback) return
    try {
      Promise.resolve(onFeedback(type, productId)).catch(() => undefined)
    } catch {
      // a widget must never break the page
    }
  }

  useEffect(() => {
    if (rec && rec.products.length && reported.current !== rec.id) {
      reported.current = rec.id
      report("view")
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rec?.id])

  if (!rec || hidden || !rec.products.length) return null

  return (
    <section className={className} data-testid="rl-recommendations" data-strategy={rec.strategy} data-recommendation-id={rec.id} data-placement={rec.placement}>
      <div style={{ display: "flex", justifyContent: "space-between", alignItems: "baseline" }}>
        <h2 style={{ fontSize: 18, margin: "8px 0" }}>{title}</h2>
        <button
          type="button"
          aria-label="Hide recommendations"
          onClick={() => {
            setHidden(true)
            report("dismiss")
          }}
          style={{ background: "none", border: "none", cursor: "pointer", color: "#666" }}
        >
          ✕
        </button>
      </div>
      <ul style={{ listStyle: "none", padding: 0, display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(160px, 1fr))", gap: 12 }}>
        {rec.products.map((p) => (
          <li key={p.id} data-testid="rl-recommendation" data-product-id={p.id} data-reason={p.reason?.kind} style={{ border: "1px solid #e5e7eb", borderRadius: 8, padding: 10 }}>
            <a href={productHref(p)} onClick={() => report("click", p.id)} style={{ color: "inherit", textDecoration: "none" }}>
              {p.thumbnail ? <img src={p.thumbnail} alt="" style={{ width: "100%", borderRadius: 4 }} /> : null}
              <div style={{ fontSize: 13, minHeight: 34 }}>{p.title}</div>
            </a>
            {showReasons && p.reason ? (
              <div data-testid="rl-recommendation-reason" style={{ fontSize: 12, color: "#666" }}>
                {describeReason(p.reason, reasonTitles)}
              </div>
            ) : null}
            <div style={{ fontWeight: 600, margin: "6px 0" }}>{formatPrice(p.price.amount, p.price.currency_code)}</div>
            {onAddToCart ? (
              <button
                type="button"
                disabled={busy === p.id}
                onClick={async () => {
                  setBusy(p.id)
                  try {
                    await onAddToCart(p)
                    report("add_to_cart", p.id)
                  } catch {
                    // the storefront's own action failed: it shows its own error; nothing to report
                  } finally {
                    setBusy(null)
                  }
                }}
                style={{ width: "100%", padding: "6px 8px", borderRadius: 6, border: "1px solid #111", background: "#111", color: "white", cursor: "pointer" }}
              >
                {busy === p.id ? "Adding…" : "Add to cart"}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  )
}
