import Link from "next/link"
import { notFound } from "next/navigation"
import { formatPrice } from "medusa-plugin-rl-recommendations-storefront"
import { Recommendations } from "@components/recommendations"
import { listProducts } from "@lib/data/products"
import { getRegion } from "@lib/data/regions"

export const dynamic = "force-dynamic"

export default async function StorePage({ params }: { params: Promise<{ countryCode: string }> }) {
  const { countryCode } = await params
  const region = await getRegion(countryCode)
  if (!region) notFound()
  const products = await listProducts(region.id)
  return (
    <main>
      <h1>Store</h1>
      <ul data-testid="product-list" style={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(180px, 1fr))", gap: 12, listStyle: "none", padding: 0 }}>
        {products.map((p) => {
          const price = p.variants?.[0]?.calculated_price
          return (
            <li key={p.id} style={{ border: "1px solid #eee", borderRadius: 8, padding: 10 }}>
              <Link href={`/${countryCode}/products/${p.handle}`}>{p.title}</Link>
              {price?.calculated_amount != null ? <div>{formatPrice(price.calculated_amount, price.currency_code ?? region.currency_code)}</div> : null}
            </li>
          )
        })}
      </ul>
      <Recommendations countryCode={countryCode} placement="home" />
    </main>
  )
}
