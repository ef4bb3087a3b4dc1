/**
 * Which region (and so currency) a recommendation is priced in. Plain data
 * in and out: the step loads the cart and the store's regions.
 */

export interface RegionSummary {
  id: string
  currency_code: string
  /** ISO 3166-1 alpha-2, lower case. */
  countries: string[]
}

/** What the store offers a shopper without a cart: cached by the agent module. */
export interface StoreDefaults {
  /** The store's default region, if it has one (the official starter's seed sets none). */
  regionId: string | null
  /** The store's default currency. */
  defaultCurrency: string | null
  /** Every region, oldest first. */
  regions: RegionSummary[]
}

/**
 * Why a region was chosen, in the order they are tried: the cart's; the
 * `region_id` the storefront sent; the region of the `country_code` it sent
 * (the Next.js starter routes by country); the store's default region; the
 * store's only region; the oldest region in the store's default currency; the
 * oldest region.
 */
export const REGION_SOURCES = [
  "cart",
  "request",
  "country",
  "store_default",
  "only_region",
  "default_currency",
  "oldest_region",
] as const
export type RegionSource = (typeof REGION_SOURCES)[number]

export interface RegionChoice {
  region_id: string
  currency_code: string
  /** The shopper's country when it is known or the region has only one. */
  country: string | null
  source: RegionSource
}

export type RegionProblem = { problem: "unknown_region" | "unknown_country" | "no_region"; message: string }

export function pickRegion(input: {
  cart?: { region_id: string | null; currency_code: string | null; country: string | null } | null
  region_id?: string
  country_code?: string
  defaults: StoreDefaults
}): RegionChoice | RegionProblem {
  const { defaults } = input
  const single = (r: RegionSummary) => (r.countries.length === 1 ? r.countries[0] : null)
  const choose = (r: RegionSummary, source: RegionSource, country: string | null = single(r)): RegionChoice => ({
    region_id: r.id,
    currency_code: r.currency_code,
    country,
    source,
  })
  const byId = (id: string | null) => defaults.regions.find((r) => r.id === id)

  if (input.cart?.region_id && input.cart.currency_code) {
    return { region_id: input.cart.region_id, currency_code: input.cart.currency_code, country: input.cart.country, source: "cart" }
  }
  if (input.region_id) {
    const r = byId(input.region_id)
    if (!r) return { problem: "unknown_region", message: `region_id ${input.region_id} is not a region of this store` }
    return choose(r, "request", input.country_code && r.countries.includes(input.country_code) ? input.country_code : single(r))
  }
  if (input.country_code) {
    const r = defaults.regions.find((x) => x.countries.includes(input.country_code!))
    if (!r) return { problem: "unknown_country", message: `country_code ${input.country_code} is in none of this store's regions` }
    return choose(r, "country", input.country_code)
  }
  const storeDefault = byId(defaults.regionId)
  if (storeDefault) return choose(storeDefault, "store_default")
  if (defaults.regions.length === 1) return choose(defaults.regions[0], "only_region")
  const inDefaultCurrency = defaults.regions.find((r) => r.currency_code === defaults.defaultCurrency)
  if (inDefaultCurrency) return choose(inDefaultCurrency, "default_currency")
  if (defaults.regions.length) return choose(defaults.regions[0], "oldest_region")
  return {
    problem: "no_region",
    message: "This store has no region to price recommendations in: create one in the admin (Settings → Regions)",
  }
}
