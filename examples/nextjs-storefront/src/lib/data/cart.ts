"use server"

import type { HttpTypes } from "@medusajs/types"
import { revalidatePath } from "next/cache"
import { sdk } from "../config"
import { getAuthHeaders, getCartId, setCartId } from "./cookies"
import { getRegion } from "./regions"

export async function retrieveCart(): Promise<HttpTypes.StoreCart | null> {
  const id = await getCartId()
  if (!id) return null
  try {
    const { cart } = await sdk.store.cart.retrieve(id, { fields: "id,region_id,currency_code,total,*items" }, await getAuthHeaders())
    return cart
  } catch {
    return null // a completed or deleted cart: the next add makes a new one
  }
}

/** The shopper's cart in the region of `countryCode`, made (and its id put in the cookie) on first use. */
async function getOrCreateCart(countryCode: string): Promise<HttpTypes.StoreCart> {
  const region = await getRegion(countryCode)
  if (!region) throw new Error(`No region sells to "${countryCode}"`)
  const existing = await retrieveCart()
  const headers = await getAuthHeaders()
  if (existing && existing.region_id === region.id) return existing
  if (existing) {
    const { cart } = await sdk.store.cart.update(existing.id, { region_id: region.id }, {}, headers)
    return cart
  }
  const { cart } = await sdk.store.cart.create({ region_id: region.id }, {}, headers)
  await setCartId(cart.id)
  return cart
}

export async function addToCart(input: { variantId: string; quantity: number; countryCode: string }) {
  if (!input.variantId) throw new Error("Choose a variant")
  const cart = await getOrCreateCart(input.countryCode)
  await sdk.store.cart.createLineItem(cart.id, { variant_id: input.variantId, quantity: input.quantity }, {}, await getAuthHeaders())
  revalidatePath(`/${input.countryCode}`, "layout")
}

/** For a plain `<form action>`: works before any JavaScript has loaded. */
export async function addToCartForm(formData: FormData) {
  await addToCart({
    variantId: String(formData.get("variant_id") ?? ""),
    quantity: 1,
    countryCode: String(formData.get("country_code") ?? ""),
  })
}
