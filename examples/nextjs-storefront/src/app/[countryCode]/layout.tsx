import Link from "next/link"
import type { ReactNode } from "react"
import { retrieveCart } from "@lib/data/cart"
import { retrieveCustomer } from "@lib/data/customer"

export default async function CountryLayout({ children, params }: { children: ReactNode; params: Promise<{ countryCode: string }> }) {
  const { countryCode } = await params
  const [cart, customer] = await Promise.all([retrieveCart(), retrieveCustomer()])
  const count = cart?.items?.reduce((n, i) => n + i.quantity, 0) ?? 0
  return (
    <>
      <nav style={{ display: "flex", gap: 16, padding: "8px 0", borderBottom: "1px solid #eee", marginBottom: 16 }}>
        <Link href={`/${countryCode}`}>Store</Link>
        <Link href={`/${countryCode}/cart`} data-testid="nav-cart">
          Cart ({count})
        </Link>
        <Link href={`/${countryCode}/account`} data-testid="nav-account">
          {customer ? customer.email : "Sign in"}
        </Link>
      </nav>
      {children}
    </>
  )
}
