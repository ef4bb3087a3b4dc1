import { formatPrice } from "medusa-plugin-rl-recommendations-storefront"
import { Recommendations } from "@components/recommendations"
import { retrieveCart } from "@lib/data/cart"

export const dynamic = "force-dynamic"

export default async function CartPage({ params }: { params: Promise<{ countryCode: string }> }) {
  const { countryCode } = await params
  const cart = await retrieveCart()
  const items = cart?.items ?? []
  return (
    <main>
      <h1>Cart</h1>
      {items.length ? (
        <ul data-testid="cart-items">
          {items.map((i) => (
            <li key={i.id} data-testid="cart-item" data-product-id={i.product_id ?? ""}>
              {i.product_title} × {i.quantity} — {formatPrice(i.unit_price * i.quantity, cart!.currency_code)}
            </li>
          ))}
        </ul>
      ) : (
        <p data-testid="cart-empty">Your cart is empty.</p>
      )}
      <Recommendations countryCode={countryCode} placement="cart" limit={4} />
    </main>
  )
}
