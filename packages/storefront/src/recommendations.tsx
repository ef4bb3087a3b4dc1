/**
 * <Recommendations cartId limit /> — a "you may also like" strip for any
 * React storefront (the Next.js starter included). It asks the plugin for
 * products, renders them with price and an add-to-cart button, reports
 * `view` once shown, `click` and `add_to_cart` when used, `dismiss` when
 * hidden (feedback needs the cart the list was served for), and renders
 * nothing when the route fails: a recommendation widget must never break a page.
 */
import { useEffect, useRef, useState } from "react"
import type { RecommendationsClient } from "./client.js"
import type { Recommendation, RecommendedProduct } from "./types.js"

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

export function formatPrice(amount: number, currency: string, locale = "en-GB"): string {
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency: currency.toUpperCase() }).format(amount)
  } catch {
    return `${amount.toFixed(2)} ${currency.toUpperCase()}`
  }
}

export function Recommendations({
  client,
  cartId,
  limit = 6,
  title = "You may also like",
  onAddToCart,
  productHref = (p) => `/products/${p.handle}`,
  refreshKey,
  className,
}: RecommendationsProps) {
  // the recommendation and the cart it was served for (feedback must name that cart, not a newer one)
  const [served, setServed] = useState<{ rec: Recommendation; cartId?: string } | null>(null)
  const rec = served?.rec ?? null
  const servedCart = served?.cartId
  const [hidden, setHidden] = useState(false)
  const [busy, setBusy] = useState<string | null>(null)
  const reported = useRef<string | null>(null)

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

  useEffect(() => {
    // feedback proves itself with the cart it was served for: without a cart there is nothing to attribute
    if (rec && servedCart && rec.products.length && reported.current !== rec.id) {
      reported.current = rec.id
      client.feedback(rec.id, { type: "view", cart_id: servedCart }).catch(() => undefined)
    }
  }, [client, rec, servedCart])

  if (!rec || hidden || !rec.products.length) return null

  const report = (type: "click" | "add_to_cart" | "dismiss", productId?: string) =>
    servedCart
      ? client.feedback(rec.id, { type, product_id: productId, cart_id: servedCart }).catch(() => undefined)
      : undefined

  return (
    <section className={className} data-testid="rl-recommendations" data-strategy={rec.strategy} data-recommendation-id={rec.id}>
      <div style={{ display: "flex", justifyContent: "space-between", alignItems: "baseline" }}>
        <h2 style={{ fontSize: 18, margin: "8px 0" }}>{title}</h2>
        <button
          type="button"
          aria-label="Hide recommendations"
          onClick={() => {
            setHidden(true)
            void report("dismiss")
          }}
          style={{ background: "none", border: "none", cursor: "pointer", color: "#666" }}
        >
          ✕
        </button>
      </div>
      <ul style={{ listStyle: "none", padding: 0, display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(160px, 1fr))", gap: 12 }}>
        {rec.products.map((p) => (
          <li key={p.id} data-testid="rl-recommendation" style={{ border: "1px solid #e5e7eb", borderRadius: 8, padding: 10 }}>
            <a href={productHref(p)} onClick={() => void report("click", p.id)} style={{ color: "inherit", textDecoration: "none" }}>
              {p.thumbnail ? <img src={p.thumbnail} alt="" style={{ width: "100%", borderRadius: 4 }} /> : null}
              <div style={{ fontSize: 13, minHeight: 34 }}>{p.title}</div>
            </a>
            <div style={{ fontWeight: 600, margin: "6px 0" }}>{formatPrice(p.price.amount, p.price.currency_code)}</div>
            {onAddToCart ? (
              <button
                type="button"
                disabled={busy === p.id}
                onClick={async () => {
                  setBusy(p.id)
                  try {
                    await onAddToCart(p)
                    void report("add_to_cart", p.id)
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
