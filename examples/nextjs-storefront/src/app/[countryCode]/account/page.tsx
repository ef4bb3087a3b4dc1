import { LoginForm } from "@components/login-form"
import { retrieveCustomer, signout } from "@lib/data/customer"

export const dynamic = "force-dynamic"

export default async function AccountPage({ params }: { params: Promise<{ countryCode: string }> }) {
  const { countryCode } = await params
  const customer = await retrieveCustomer()
  if (!customer) return <LoginForm countryCode={countryCode} />
  return (
    <main>
      <h1 data-testid="account-email">{customer.email}</h1>
      <form action={signout}>
        <input type="hidden" name="country_code" value={countryCode} />
        <button type="submit">Sign out</button>
      </form>
    </main>
  )
}
