import { describe, expect, it } from "vitest"
import { pickRegion, type StoreDefaults } from "../region"

const europe = { id: "reg_eu", currency_code: "eur", countries: ["gb", "de", "fr"] }
const us = { id: "reg_us", currency_code: "usd", countries: ["us"] }
// the official starter: one Europe region, no default region, EUR the default currency
const starter: StoreDefaults = { regionId: null, defaultCurrency: "eur", regions: [europe] }

describe("pickRegion", () => {
  it("prices a guest in a store with no default region: the only region, and says so", () => {
    expect(pickRegion({ defaults: starter })).toEqual({ region_id: "reg_eu", currency_code: "eur", country: null, source: "only_region" })
  })

  it("prefers the cart, then the request's region, then its country", () => {
    const defaults: StoreDefaults = { regionId: null, defaultCurrency: "eur", regions: [europe, us] }
    const cart = { region_id: "reg_cart", currency_code: "gbp", country: "gb" }
    expect(pickRegion({ cart, region_id: "reg_us", defaults })).toMatchObject({ region_id: "reg_cart", source: "cart" })
    expect(pickRegion({ region_id: "reg_us", country_code: "de", defaults })).toEqual({ region_id: "reg_us", currency_code: "usd", country: "us", source: "request" })
    expect(pickRegion({ country_code: "de", defaults })).toEqual({ region_id: "reg_eu", currency_code: "eur", country: "de", source: "country" })
    expect(pickRegion({ country_code: "jp", defaults })).toMatchObject({ problem: "unknown_country" })
    expect(pickRegion({ region_id: "reg_nope", defaults })).toMatchObject({ problem: "unknown_region" })
  })

  it("falls back from the store default to the default currency's region to the oldest", () => {
    expect(pickRegion({ defaults: { regionId: "reg_us", defaultCurrency: "eur", regions: [europe, us] } })).toMatchObject({ region_id: "reg_us", source: "store_default", country: "us" })
    expect(pickRegion({ defaults: { regionId: null, defaultCurrency: "usd", regions: [europe, us] } })).toMatchObject({ region_id: "reg_us", source: "default_currency" })
    expect(pickRegion({ defaults: { regionId: null, defaultCurrency: "jpy", regions: [europe, us] } })).toMatchObject({ region_id: "reg_eu", source: "oldest_region" })
    // a default region id that no longer exists is skipped
    expect(pickRegion({ defaults: { regionId: "reg_gone", defaultCurrency: null, regions: [us] } })).toMatchObject({ region_id: "reg_us", source: "only_region" })
    expect(pickRegion({ defaults: { regionId: null, defaultCurrency: "eur", regions: [] } })).toMatchObject({ problem: "no_region" })
  })
})
