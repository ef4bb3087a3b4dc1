"use client"

import { useActionState } from "react"
import { login } from "@lib/data/customer"

export function LoginForm({ countryCode }: { countryCode: string }) {
  const [error, action, pending] = useActionState(login, null)
  return (
    <form action={action} style={{ display: "grid", gap: 8, maxWidth: 320 }}>
      <h1>Sign in</h1>
      <input type="hidden" name="country_code" value={countryCode} />
      <input name="email" type="email" placeholder="Email" required autoComplete="email" />
      <input name="password" type="password" placeholder="Password" required autoComplete="current-password" />
      <button type="submit" disabled={pending} data-testid="sign-in">
        Sign in
      </button>
      {error ? <p role="alert">{error}</p> : null}
    </form>
  )
}
