import { notFound } from "next/navigation"
import { formatPrice } from "medusa-plugin-rl-recommendations-storefront"
import { Recommendations } from "@components/recommendations"
import { addToCartForm } from "@lib/data/cart"
import { getProduct } from "@lib/data/products"
import { getRegion } from "@lib/data/regions"

export const dynamic = "force-dynamic"

export default async function ProductPage({ params }: { params: Promise<{ countryCode: string; handle: string }> }) {
  const { countryCode, handle } = await params
  const region = await getRegion(countryCode)
  if (!region) notFound()
  const product = await getProduct(handle, region.id)
  if (!product) notFound()
  const variants = product.variants ?? []
  return (
    <main>
      <h1 data-testid="product-title">{product.title}</h1>
      <form action={addToCartForm} style={{ display: "flex", gap: 8, alignItems: "center" }}>
        <input type="hidden" name="country_code" value={countryCode} />
        <select name="variant_id" defaultValue={variants[0]?.id} aria-label="Variant">
          {variants.map((v) => (
            <option key={v.id} value={v.id}>
              {v.title}
              {v.calculated_price?.calculated_amount != null
                ? ` — ${formatPrice(v.calculated_price.calculated_amount, v.calculated_price.currency_code ?? region.currency_code)}`
                : ""}
            </option>
          ))}
        </select>
        <button type="submit" data-testid="add-to-cart">
          Add to cart
        </button>
      </form>
      {/* around this product: bought with it (the cart as context), never itself */}
      <Recommendations countryCode={countryCode} productId={product.id} title="Bought together" />
    </main>
  )
}
