import "server-only"
import type { HttpTypes } from "@medusajs/types"
import { sdk } from "../config"
import { getAuthHeaders } from "./cookies"

const FIELDS = "id,title,handle,thumbnail,description,*variants,*variants.calculated_price"

export async function listProducts(regionId: string, limit = 24): Promise<HttpTypes.StoreProduct[]> {
  const { products } = await sdk.store.product.list({ region_id: regionId, limit, fields: FIELDS }, await getAuthHeaders())
  return products
}

export async function getProduct(handle: string, regionId: string): Promise<HttpTypes.StoreProduct | null> {
  const { products } = await sdk.store.product.list({ handle, region_id: regionId, limit: 1, fields: FIELDS }, await getAuthHeaders())
  return products[0] ?? null
}
