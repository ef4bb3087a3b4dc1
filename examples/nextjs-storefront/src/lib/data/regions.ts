import "server-only"
import type { HttpTypes } from "@medusajs/types"
import { sdk } from "../config"

/** The region selling to `countryCode` (the starter's `[countryCode]` path segment), or null. */
export async function getRegion(countryCode: string): Promise<HttpTypes.StoreRegion | null> {
  const { regions } = await sdk.store.region.list({ fields: "id,name,currency_code,*countries" })
  const code = countryCode.toLowerCase()
  return regions.find((r) => r.countries?.some((c) => c.iso_2 === code)) ?? null
}
