import "server-only"
import { cookies } from "next/headers"

// the official Next.js starter's cookie names: a storefront built on it already has them
const JWT = "_medusa_jwt"
const CART = "_medusa_cart_id"

const options = {
  httpOnly: true,
  sameSite: "strict" as const,
  secure: process.env.NODE_ENV === "production",
  path: "/",
  maxAge: 60 * 60 * 24 * 7,
}

/** `authorization: Bearer <token>` for a signed-in shopper, nothing for a guest. */
export async function getAuthHeaders(): Promise<Record<string, string>> {
  const token = (await cookies()).get(JWT)?.value
  return token ? { authorization: `Bearer ${token}` } : {}
}

export async function setAuthToken(token: string) {
  ;(await cookies()).set(JWT, token, options)
}

export async function removeAuthToken() {
  ;(await cookies()).delete(JWT)
}

export async function getCartId(): Promise<string | undefined> {
  return (await cookies()).get(CART)?.value
}

export async function setCartId(cartId: string) {
  ;(await cookies()).set(CART, cartId, options)
}
