/**
 * The demo store's one-page shop: browse the catalogue, add to cart, watch
 * the recommendations change, check out with the system payment provider.
 * Talks to Medusa's store API and the plugin through the widget's client.
 */
import React, { useCallback, useEffect, useMemo, useState } from "react"
import { createRoot } from "react-dom/client"
import { RecommendationsClient, type RecommendedProduct } from "../src/client"
import { formatPrice } from "../src/format"
import { Recommendations } from "../src/recommendations"

declare global {
  interface Window {
    __RL_DEMO__: { publishableKey: string; regionId: string; baseUrl?: string }
  }
}

const config = window.__RL_DEMO__
const base = config.baseUrl ?? ""
const headers = { "content-type": "application/json", "x-publishable-api-key": config.publishableKey }

async function api<T = any>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers,
    credentials: "include",
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const data = await res.json()
  if (!res.ok) throw new Error(data?.message ?? res.statusText)
  return data
}

type Product = { id: string; title: string; handle: string; variant_id: string; amount: number; currency: string }
type Cart = { id: string; items: Array<{ id: string; title: string; quantity: number; unit_price: number; product_id: string }>; total: number; currency_code: string }

const CART_FIELDS = "id,total,currency_code,items.id,items.title,items.quantity,items.unit_price,items.product_id"

function App() {
  const client = useMemo(() => new RecommendationsClient({ baseUrl: base || window.location.origin, publishableKey: config.publishableKey }), [])
  const [q, setQ] = useState("")
  const [products, setProducts] = useState<Product[]>([])
  const [cart, setCart] = useState<Cart | null>(null)
  const [order, setOrder] = useState<{ id: string; display_id: number; total: number } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    const params = new URLSearchParams({
      limit: "24",
      region_id: config.regionId,
      fields: "id,title,handle,variants.id,variants.calculated_price.calculated_amount,variants.calculated_price.currency_code",
    })
    if (q) params.set("q", q)
    api(`/store/products?${params}`)
      .then((d) =>
        setProducts(
          d.products
            .filter((p: any) => p.variants?.[0]?.calculated_price)
            .map((p: any) => ({
              id: p.id,
              title: p.title,
              handle: p.handle,
              variant_id: p.variants[0].id,
              amount: p.variants[0].calculated_price.calculated_amount,
              currency: p.variants[0].calculated_price.currency_code,
            }))
        )
      )
      .catch((e) => setError(e.message))
  }, [q])

  const refreshCart = useCallback(async (id: string) => {
    const d = await api(`/store/carts/${id}?fields=${CART_FIELDS}`)
    setCart(d.cart)
  }, [])

  const addToCart = useCallback(
    async (variantId: string) => {
      setError(null)
      let id = cart?.id
      if (!id) {
        const d = await api(`/store/carts?fields=${CART_FIELDS}`, { region_id: config.regionId })
        id = d.cart.id as string
      }
      await api(`/store/carts/${id}/line-items`, { variant_id: variantId, quantity: 1 })
      await refreshCart(id)
    },
    [cart, refreshCart]
  )

  const checkout = async () => {
    if (!cart) return
    setBusy(true)
    setError(null)
    try {
      await api(`/store/carts/${cart.id}`, {
        email: "shopper@example.com",
        shipping_address: { first_name: "Demo", last_name: "Shopper", address_1: "1 High Street", city: "London", country_code: "gb", postal_code: "N1 1AA" },
      })
      const { shipping_options } = await api(`/store/shipping-options?cart_id=${cart.id}`)
      if (!shipping_options.length) throw new Error("No shipping option for this cart")
      await api(`/store/carts/${cart.id}/shipping-methods`, { option_id: shipping_options[0].id })
      const { payment_collection } = await api(`/store/payment-collections`, { cart_id: cart.id })
      await api(`/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: "pp_system_default" })
      const done = await api(`/store/carts/${cart.id}/complete`, {})
      if (done.type !== "order") throw new Error(done.error?.message ?? "The cart could not be completed")
      setOrder(done.order)
      setCart(null)
    } catch (e: any) {
      setError(e.message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div style={{ fontFamily: "system-ui, sans-serif", maxWidth: 1100, margin: "0 auto", padding: 16 }}>
      <header style={{ display: "flex", justifyContent: "space-between", alignItems: "center" }}>
        <h1 style={{ fontSize: 22 }}>Online Retail gift shop <small style={{ fontSize: 12, color: "#666" }}>demo storefront</small></h1>
        <span data-testid="cart-count">🛒 {cart?.items.reduce((s, i) => s + i.quantity, 0) ?? 0}</span>
      </header>
      {error ? <p role="alert" style={{ color: "#b91c1c" }}>{error}</p> : null}
      {order ? (
        <p data-testid="order-placed" style={{ background: "#ecfdf5", padding: 12, borderRadius: 8 }}>
          Order #{order.display_id} placed ({formatPrice(order.total, "gbp")}). The agent has been rewarded for what you bought from its suggestions.
        </p>
      ) : null}
      <div style={{ display: "grid", gridTemplateColumns: "1fr 320px", gap: 24 }}>
        <main>
          <input
            placeholder="Search the catalogue (e.g. heart, lantern, bag)"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            style={{ width: "100%", padding: 8, marginBottom: 12 }}
            data-testid="search"
          />
          <ul style={{ listStyle: "none", padding: 0, display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(170px, 1fr))", gap: 12 }}>
            {products.map((p) => (
              <li key={p.id} data-testid="product" style={{ border: "1px solid #e5e7eb", borderRadius: 8, padding: 10 }}>
                <div style={{ fontSize: 13, minHeight: 34 }}>{p.title}</div>
                <div style={{ fontWeight: 600, margin: "6px 0" }}>{formatPrice(p.amount, p.currency)}</div>
                <button type="button" onClick={() => addToCart(p.variant_id).catch((e) => setError(e.message))} style={{ width: "100%" }}>
                  Add to cart
                </button>
              </li>
            ))}
          </ul>
        </main>
        <aside>
          <h2 style={{ fontSize: 18 }}>Cart</h2>
          {cart?.items.length ? (
            <>
              <ul data-testid="cart-items" style={{ paddingLeft: 16 }}>
                {cart.items.map((i) => (
                  <li key={i.id} style={{ fontSize: 13 }}>
                    {i.quantity} × {i.title}
                  </li>
                ))}
              </ul>
              <p>Total {formatPrice(cart.total, cart.currency_code)}</p>
              <button type="button" disabled={busy} onClick={checkout} data-testid="checkout" style={{ width: "100%", padding: 8 }}>
                {busy ? "Placing order…" : "Check out (test payment)"}
              </button>
            </>
          ) : (
            <p style={{ color: "#666", fontSize: 13 }}>Your cart is empty: add something to see recommendations for it.</p>
          )}
          <Recommendations
            client={client}
            cartId={cart?.id}
            limit={6}
            refreshKey={cart?.items.map((i) => `${i.id}:${i.quantity}`).join() ?? ""}
            productHref={() => "#"}
            onAddToCart={(p: RecommendedProduct) => addToCart(p.variant_id)}
          />
        </aside>
      </div>
    </div>
  )
}

createRoot(document.getElementById("root")!).render(<App />)
