"use server"

import { redirect } from "next/navigation"
import { sdk } from "../config"
import { getAuthHeaders, getCartId, removeAuthToken, setAuthToken } from "./cookies"

export async function login(_state: string | null, formData: FormData): Promise<string | null> {
  const email = String(formData.get("email") ?? "")
  const password = String(formData.get("password") ?? "")
  const countryCode = String(formData.get("country_code") ?? "")
  try {
    const token = await sdk.auth.login("customer", "emailpass", { email, password })
    if (typeof token !== "string") return "This account needs another sign-in method"
    await setAuthToken(token)
    // a guest cart becomes the customer's, as in the starter: its decisions then follow the customer
    const cartId = await getCartId()
    if (cartId) await sdk.store.cart.transferCart(cartId, {}, await getAuthHeaders()).catch(() => undefined)
  } catch (e) {
    return e instanceof Error ? e.message : "Could not sign in"
  }
  redirect(`/${countryCode}/account`)
}

export async function signout(formData: FormData) {
  await removeAuthToken()
  redirect(`/${String(formData.get("country_code") ?? "")}/account`)
}

export async function retrieveCustomer() {
  const headers = await getAuthHeaders()
  if (!headers.authorization) return null
  try {
    const { customer } = await sdk.store.customer.retrieve({ fields: "id,email,first_name" }, headers)
    return customer
  } catch {
    return null
  }
}
