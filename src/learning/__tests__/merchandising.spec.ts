import { describe, expect, it } from "vitest"
import { BOOST_BOUNDS, NO_RULES, compileRules, ruleProblem, type MerchandisingRule } from "../merchandising"
import { rankProducts, type ProductCard } from "../ranking"
import { STRATEGIES } from "../strategies"

const card = (id: string, amount: number, category_ids: string[] = [], stock: number | null = 100): ProductCard => ({
  id, title: id, handle: id, thumbnail: null, variant_id: `v_${id}`, amount, currency_code: "gbp", category_ids, stock,
})
const cards = [card("a", 5, ["x"]), card("b", 15, ["x"]), card("c", 25, ["y"], 2), card("d", 60, ["y"], null), card("e", 8, ["z"])]
const rule = (r: Partial<MerchandisingRule>): MerchandisingRule => ({
  id: "r", kind: "exclude", target_type: null, target_ids: [], sales_channel_id: null, placement: null, min_stock: null,
  currency_code: null, price_min: null, price_max: null, multiplier: null, enabled: true, ...r,
})
const scope = { salesChannelId: "sc_1", currencyCode: "gbp", placement: "cart" as const }
const catalog = {
  cards,
  categoriesOf: (id: string) => cards.find((c) => c.id === id)?.category_ids ?? [],
  members: (type: "collection" | "tag", id: string) => new Set(type === "tag" && id === "t1" ? ["a", "e"] : type === "collection" && id === "c1" ? ["d"] : []),
}
const allowed = (rules: MerchandisingRule[], s = scope) => {
  const c = compileRules(rules, s, catalog)
  return cards.filter((x) => c.allows(x)).map((x) => x.id)
}

describe("compileRules", () => {
  it("excludes and includes by product, category, collection and tag; several include-only rules are a union", () => {
    expect(allowed([rule({ target_type: "product", target_ids: ["a"] })])).toEqual(["b", "c", "d", "e"])
    expect(allowed([rule({ target_type: "category", target_ids: ["y"] })])).toEqual(["a", "b", "e"])
    expect(allowed([rule({ target_type: "collection", target_ids: ["c1"] })])).toEqual(["a", "b", "c", "e"])
    expect(allowed([rule({ kind: "include_only", target_type: "tag", target_ids: ["t1"] })])).toEqual(["a", "e"])
    expect(allowed([rule({ kind: "include_only", target_type: "tag", target_ids: ["t1"] }), rule({ kind: "include_only", target_type: "category", target_ids: ["y"] })])).toEqual(["a", "c", "d", "e"])
    // an exclusion beats an inclusion
    expect(allowed([rule({ kind: "include_only", target_type: "tag", target_ids: ["t1"] }), rule({ target_type: "product", target_ids: ["a"] })])).toEqual(["e"])
  })

  it("keeps a minimum stock (a product without a stock level always passes) and a price range in its currency only", () => {
    expect(allowed([rule({ kind: "min_stock", min_stock: 5 })])).toEqual(["a", "b", "d", "e"])
    expect(allowed([rule({ kind: "price_range", currency_code: "GBP", price_min: 8, price_max: 25 })])).toEqual(["b", "c", "e"])
    expect(allowed([rule({ kind: "price_range", currency_code: "eur", price_max: 1 })])).toEqual(["a", "b", "c", "d", "e"])
  })

  it("applies only in its sales channel and placement, and not when disabled", () => {
    const r = rule({ target_type: "product", target_ids: ["a"], sales_channel_id: "sc_2" })
    expect(compileRules([r], scope, catalog)).toBe(NO_RULES)
    expect(allowed([r], { ...scope, salesChannelId: "sc_2" })).not.toContain("a")
    expect(compileRules([rule({ target_type: "product", target_ids: ["a"], placement: "product" })], scope, catalog)).toBe(NO_RULES)
    expect(compileRules([rule({ target_type: "product", target_ids: ["a"], enabled: false })], scope, catalog)).toBe(NO_RULES)
  })

  it("multiplies boosts within the bounds, and keeps pins in order without repeats", () => {
    const c = compileRules([
      rule({ kind: "boost", target_type: "category", target_ids: ["x"], multiplier: 8 }),
      rule({ kind: "boost", target_type: "product", target_ids: ["a"], multiplier: 4 }),
      rule({ kind: "boost", target_type: "product", target_ids: ["e"], multiplier: 0.5 }),
      rule({ kind: "pin", target_ids: ["d", "b"] }),
      rule({ kind: "pin", target_ids: ["b", "e"] }),
    ], scope, catalog)
    expect(c.multiplier("a")).toBe(BOOST_BOUNDS.max) // 32, bounded
    expect(c.multiplier("b")).toBe(8)
    expect(c.multiplier("e")).toBe(0.5)
    expect(c.multiplier("c")).toBe(1)
    expect(c.pins).toEqual(["d", "b", "e"])
  })

  it("says what a rule of each kind is missing", () => {
    const base = rule({})
    expect(ruleProblem({ ...base, kind: "exclude" })?.path).toBe("target_type")
    expect(ruleProblem({ ...base, kind: "boost", target_type: "tag", target_ids: ["t"] })?.path).toBe("multiplier")
    expect(ruleProblem({ ...base, kind: "pin" })?.path).toBe("target_ids")
    expect(ruleProblem({ ...base, kind: "price_range", currency_code: "gbp", price_min: 2, price_max: 1 })?.path).toBe("price_min")
    expect(ruleProblem({ ...base, kind: "min_stock", min_stock: 3 })).toBeNull()
  })
})

describe("rankProducts under rules", () => {
  const popularity = new Map([["a", 5], ["b", 4], ["c", 3], ["d", 2], ["e", 1]])
  it("puts allowed pins first, fills only with allowed products, and says when the rules left too few", () => {
    const rules = compileRules([rule({ kind: "pin", target_ids: ["d", "zz"] }), rule({ kind: "include_only", target_type: "category", target_ids: ["y"] })], scope, catalog)
    for (const strategy of STRATEGIES) {
      const r = rankProducts({ strategy, catalog: cards, exclude: new Set(), categories: new Set(["x"]), popularity, affinity: new Map([["a", 1], ["c", 0.5]]), limit: 4, rules })
      expect(r.products.map((p) => p.card.id)).toEqual(["d", "c"])
      expect(r.products[0].reason).toEqual({ kind: "pinned" })
      expect(r.fallback).toBe("limited_by_rules")
    }
  })

  it("a bury moves a product below one it outranked", () => {
    const affinity = new Map([["a", 1], ["b", 0.5]])
    const plain = rankProducts({ strategy: "personalized", catalog: cards, exclude: new Set(), categories: new Set(), popularity, affinity, limit: 2 })
    expect(plain.products.map((p) => p.card.id)).toEqual(["a", "b"])
    const rules = compileRules([rule({ kind: "boost", target_type: "product", target_ids: ["a"], multiplier: 0.1 })], scope, catalog)
    const buried = rankProducts({ strategy: "personalized", catalog: cards, exclude: new Set(), categories: new Set(), popularity, affinity, limit: 2, rules })
    expect(buried.products.map((p) => p.card.id)).toEqual(["b", "a"])
  })
})
