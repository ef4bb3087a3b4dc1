import { describe, expect, it } from "vitest"
import { createCartReader, type CartForRecommendation } from "../serve/read-cart"

const cart = (over: Partial<CartForRecommendation> = {}): CartForRecommendation => ({
  id: "cart_1",
  customer_id: null,
  region_id: "reg_1",
  currency_code: "gbp",
  sales_channel_id: "sc_1",
  created_at: new Date("2026-12-01T10:00:00Z"),
  country_code: "gb",
  items: [
    { product_id: "prod_a", quantity: 2, unit_price: 1.5 },
    { product_id: "prod_b", quantity: 1, unit_price: 10 },
  ],
  ...over,
})

function harness(
  sql: (id: string) => Promise<CartForRecommendation | null>,
  module: (id: string) => Promise<CartForRecommendation | null> = async () => cart()
) {
  const calls = { sql: 0, module: 0 }
  const warnings: string[] = []
  const read = createCartReader(
    {
      sql: (id) => (calls.sql++, sql(id)),
      module: (id) => (calls.module++, module(id)),
    },
    { warn: (m: string) => void warnings.push(m) }
  )
  return { read, calls, warnings }
}

describe("createCartReader", () => {
  it("serves the module's answer until one cart agrees, then the statement alone", async () => {
    const h = harness(async () => cart({ items: [...cart().items].reverse() }))
    expect(await h.read("cart_1")).toEqual(cart())
    expect(h.calls).toEqual({ sql: 1, module: 1 })
    const second = await h.read("cart_1")
    expect(second?.items).toHaveLength(2)
    expect(h.calls).toEqual({ sql: 2, module: 1 })
    expect(h.warnings).toEqual([])
  })

  it("keeps checking while the carts asked about do not exist", async () => {
    const h = harness(async () => null, async () => null)
    expect(await h.read("cart_x")).toBeNull()
    expect(await h.read("cart_x")).toBeNull()
    expect(h.calls).toEqual({ sql: 2, module: 2 })
  })

  it("switches to the module for good when the two disagree, and says so once", async () => {
    const h = harness(async () => cart({ items: [{ product_id: "prod_a", quantity: 2, unit_price: 1.5 }] }))
    expect(await h.read("cart_1")).toEqual(cart())
    await h.read("cart_1")
    await h.read("cart_1")
    expect(h.calls).toEqual({ sql: 1, module: 3 })
    expect(h.warnings).toHaveLength(1)
    expect(h.warnings[0]).toMatch(/disagreed/)
  })

  it("switches when the statement finds no cart the module has (a cart module in another database)", async () => {
    const h = harness(async () => null)
    expect(await h.read("cart_1")).toEqual(cart())
    await h.read("cart_1")
    expect(h.calls).toEqual({ sql: 1, module: 2 })
    expect(h.warnings).toHaveLength(1)
  })

  it("switches on a missing table or column, but a connection failure is the caller's error", async () => {
    const missing = Object.assign(new Error('relation "cart" does not exist'), { code: "42P01" })
    const h = harness(async () => Promise.reject(missing))
    expect(await h.read("cart_1")).toEqual(cart())
    await h.read("cart_1")
    expect(h.calls).toEqual({ sql: 1, module: 2 })
    expect(h.warnings[0]).toMatch(/does not exist/)

    const down = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })
    const d = harness(async () => Promise.reject(down))
    await expect(d.read("cart_1")).rejects.toThrow(/ECONNREFUSED/)
    expect(d.calls.module).toBe(0)
  })
})
