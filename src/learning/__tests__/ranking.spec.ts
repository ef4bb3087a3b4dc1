import { describe, expect, it } from "vitest"
import { capPerCategory, rankProducts, type ProductCard, type RankingInput } from "../ranking"
import { priceCloseness } from "../intents"
import { STRATEGIES as STRATEGY_LIST, fitPriceBands, priceInBand } from "../strategies"

const card = (id: string, amount: number, category_ids: string[] = []): ProductCard => ({
  id, title: id, handle: id, thumbnail: null, variant_id: `v_${id}`, amount, currency_code: "gbp", category_ids,
})

const catalog = [
  card("cheap1", 2, ["xmas"]),
  card("cheap2", 9.99, ["kitchen"]),
  card("mid1", 10, ["xmas"]),
  card("mid2", 50, ["garden"]),
  card("dear1", 50.01, ["kitchen"]),
  card("dear2", 120, ["xmas"]),
]

const base: RankingInput = {
  strategy: "popular",
  catalog,
  exclude: new Set(),
  categories: new Set(),
  popularity: new Map(),
  affinity: new Map(),
  limit: 3,
}

describe("rankProducts", () => {
  it("ranks each price strategy's own band first (< 10, 10–50, > 50) and fills a short band with the nearest prices, flagged", () => {
    for (const strategy of ["low_price", "medium_price", "high_price"] as const) {
      const r = rankProducts({ ...base, strategy, limit: 10 })
      expect(r.products).toHaveLength(6) // never short while sellable products exist
      expect(r.products.slice(0, 2).every((p) => priceInBand(strategy, p.card.amount))).toBe(true)
      expect(r.products.slice(2).some((p) => priceInBand(strategy, p.card.amount))).toBe(false)
      // in-band products score above every filler
      expect(Math.min(...r.products.slice(0, 2).map((p) => p.score))).toBeGreaterThan(Math.max(...r.products.slice(2).map((p) => p.score)))
      expect(r.fallback).toBe("price_band_short")
    }
    expect(rankProducts({ ...base, strategy: "medium_price", limit: 2 }).products.map((p) => p.card.id).sort()).toEqual(["mid1", "mid2"])
    // the nearest in price come first: just under 10 for a short medium band, then 50.01
    const low = rankProducts({ ...base, strategy: "high_price", limit: 3 })
    expect(low.products.map((p) => p.card.id)).toEqual(["dear1", "dear2", "mid2"])
  })

  it("uses the catalogue's own bands: a store where everything costs 10 gets a full list for every price strategy", () => {
    const flat = ["a", "b", "c", "d"].map((id) => ({ ...card(id, 10), currency_code: "eur" }))
    const bands = fitPriceBands(flat.map((c) => c.amount))!
    expect(bands).toEqual({ low: 10, high: 10 })
    for (const strategy of ["low_price", "medium_price", "high_price"] as const) {
      const r = rankProducts({ ...base, catalog: flat, strategy, limit: 3, bands })
      expect(r.products).toHaveLength(3)
    }
    expect(rankProducts({ ...base, catalog: flat, strategy: "medium_price", limit: 3, bands }).fallback).toBe("no_sales_history")
    expect(rankProducts({ ...base, catalog: flat, strategy: "low_price", limit: 3, bands }).fallback).toBe("price_band_short")
  })

  it("fits bands as the terciles of the prices, in any currency's scale", () => {
    expect(fitPriceBands([])).toBeNull()
    expect(fitPriceBands([1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual({ low: 4, high: 7 })
    // yen: the same shape a hundred times larger
    expect(fitPriceBands([100, 200, 300, 400, 500, 600, 700, 800, 900])).toEqual({ low: 400, high: 700 })
    const yen = [150, 900, 1200, 3000, 4800, 9900, 12000, 25000, 60000]
    const b = fitPriceBands(yen)!
    const counts = (["low_price", "medium_price", "high_price"] as const).map((s) => yen.filter((a) => priceInBand(s, a, b)).length)
    expect(counts).toEqual([3, 4, 2])
  })

  it("never returns excluded (in-cart) products", () => {
    const r = rankProducts({ ...base, exclude: new Set(["cheap1", "dear2"]), limit: 10 })
    expect(r.products.map((p) => p.card.id)).not.toContain("cheap1")
    expect(r.products.map((p) => p.card.id)).not.toContain("dear2")
    expect(r.products).toHaveLength(4)
  })

  it("ranks popular by units sold and says when there is no sales history", () => {
    const none = rankProducts(base)
    expect(none.fallback).toBe("no_sales_history")
    const r = rankProducts({ ...base, popularity: new Map([["mid2", 10], ["cheap1", 30], ["dear1", 20]]) })
    expect(r.products.map((p) => p.card.id)).toEqual(["cheap1", "dear1", "mid2"])
    expect(r.products[0].score).toBe(1)
    expect(r.products[2].score).toBeCloseTo(1 / 3, 12)
    expect(r.fallback).toBeNull()
  })

  it("matches the cart's categories, filling from popular when short", () => {
    const r = rankProducts({ ...base, strategy: "category_match", categories: new Set(["kitchen"]), limit: 3, popularity: new Map([["dear2", 5]]) })
    expect(r.products.slice(0, 2).map((p) => p.card.id).sort()).toEqual(["cheap2", "dear1"])
    expect(r.products[2].card.id).toBe("dear2")
    expect(r.products[2].score).toBeLessThan(r.products[1].score)
    expect(r.fallback).toBe("filled_from_popular")
    expect(rankProducts({ ...base, strategy: "category_match" }).fallback).toBe("no_cart_categories")
  })

  it("personalises from co-purchase affinity and falls back without history", () => {
    const r = rankProducts({ ...base, strategy: "personalized", affinity: new Map([["mid1", 2], ["dear2", 8], ["cheap2", 4]]) })
    expect(r.products.map((p) => p.card.id)).toEqual(["dear2", "cheap2", "mid1"])
    expect(r.fallback).toBeNull()
    expect(rankProducts({ ...base, strategy: "personalized" }).fallback).toBe("no_customer_history")
  })

  it("ranks a price band and the cart's categories by relevance first, popularity only after it", () => {
    const popularity = new Map([["cheap1", 30], ["cheap2", 1], ["mid1", 20], ["mid2", 1], ["dear1", 10], ["dear2", 5]])
    // relevance says cheap2 and mid2 (the least popular in their bands), and dear1 outside the low band
    const affinity = new Map([["cheap2", 0.4], ["mid2", 0.9], ["dear1", 0.6]])
    const low = rankProducts({ ...base, strategy: "low_price", popularity, affinity, limit: 2 })
    expect(low.products.map((p) => p.card.id)).toEqual(["cheap2", "cheap1"])
    expect(low.products[0].score).toBeGreaterThan(low.products[1].score)
    expect(low.fallback).toBeNull()
    const mid = rankProducts({ ...base, strategy: "medium_price", popularity, affinity, limit: 2 })
    expect(mid.products.map((p) => p.card.id)).toEqual(["mid2", "mid1"])
    const kitchen = rankProducts({ ...base, strategy: "category_match", categories: new Set(["kitchen"]), popularity, affinity, limit: 2 })
    expect(kitchen.products.map((p) => p.card.id)).toEqual(["dear1", "cheap2"])
    // popular ignores relevance: it is what sells
    expect(rankProducts({ ...base, strategy: "popular", popularity, affinity, limit: 2 }).products.map((p) => p.card.id)).toEqual(["cheap1", "mid1"])
  })

  it("caps a list per category, keeping the order and filling from the deferred only when nothing else is left", () => {
    const ranked = ["x1", "x2", "x3", "k1", "x4", "g1"]
    const cat = (id: string) => id[0]
    expect(capPerCategory(ranked, cat, 2, 4)).toEqual(["x1", "x2", "k1", "g1"])
    expect(capPerCategory(ranked, cat, 2, 6)).toEqual(["x1", "x2", "k1", "g1", "x3", "x4"])
    expect(capPerCategory(ranked, cat, null, 3)).toEqual(["x1", "x2", "x3"])
    const popularity = new Map([["cheap1", 30], ["mid1", 20], ["dear2", 10], ["cheap2", 5], ["mid2", 4], ["dear1", 3]])
    const capped = rankProducts({ ...base, popularity, limit: 3 }, { maxPerCategory: 1 })
    // xmas holds the three best sellers: one of them, then the best of kitchen and garden
    expect(capped.products.map((p) => p.card.id)).toEqual(["cheap1", "cheap2", "mid2"])
    expect(capped.fallback).toBeNull()
  })
})

describe("rankProducts reads indexes, not the whole catalogue", () => {
  // the ranking before the indexes: every product scanned for relevance and category overlap
  function scanned(input: RankingInput) {
    const byScore = (a: { s: number; card: ProductCard }, b: { s: number; card: ProductCard }) =>
      b.s - a.s || a.card.amount - b.card.amount || a.card.id.localeCompare(b.card.id)
    const relevant = input.catalog.filter((c) => (input.affinity.get(c.id) ?? 0) > 0).map((card) => ({ s: input.affinity.get(card.id)!, card })).sort(byScore)
    const overlap = (c: ProductCard) => c.category_ids.filter((id) => input.categories.has(id)).length
    const byOverlap = input.catalog
      .filter((c) => overlap(c) >= 1)
      .map((card) => ({ s: overlap(card) + Math.log1p(input.popularity.get(card.id) ?? 0) / 100, card }))
      .sort(byScore)
    const keep = (c: ProductCard) => !input.exclude.has(c.id) && overlap(c) >= 1
    const rel = relevant.filter((x) => keep(x.card)).slice(0, input.limit)
    const taken = new Set(rel.map((x) => x.card.id))
    const rest = byOverlap.filter((x) => keep(x.card) && !taken.has(x.card.id)).slice(0, input.limit - rel.length)
    return [...rel, ...rest].map((x) => x.card.id)
  }

  const twoCategories = (first: number, step: number) => ["c" + first, "c" + ((first + step) % 8)]

  function randomCatalogue(seed: number, products: number, multi: boolean) {
    let a = seed
    const rnd = () => ((a = (a * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const catalog: ProductCard[] = Array.from({ length: products }, (_, i) => ({
      ...card(`p${i}`, Math.round(rnd() * 5000) / 100, ["c" + Math.floor(rnd() * 8)]),
      ...(multi && rnd() < 0.3 ? { category_ids: twoCategories(Math.floor(rnd() * 8), 1 + Math.floor(rnd() * 7)) } : {}),
    }))
    const popularity = new Map(catalog.filter(() => rnd() < 0.7).map((c) => [c.id, Math.floor(rnd() * 50)]))
    const affinity = new Map(catalog.filter(() => rnd() < 0.05).map((c) => [c.id, rnd()]))
    const exclude = new Set(catalog.filter(() => rnd() < 0.02).map((c) => c.id))
    return { catalog, popularity, affinity, exclude }
  }

  it.each([
    [1, false],
    [2, false],
    [3, true],
    [4, true],
  ])("category_match over seed %i (multi-category products: %s) is the full scan's list", (seed, multi) => {
    const data = randomCatalogue(seed, 400, multi)
    for (const categories of [["c1"], ["c2", "c5"], ["c0", "c3", "c7"]]) {
      for (const limit of [1, 5, 20]) {
        const input: RankingInput = { strategy: "category_match", ...data, categories: new Set(categories), limit }
        expect(rankProducts(input).products.map((p) => p.card.id)).toEqual(scanned(input))
      }
    }
  })

  it("personalized is the affinity's order over the catalogue's products, unknown ids ignored", () => {
    const data = randomCatalogue(5, 300, false)
    const affinity = new Map([...data.affinity, ["not-in-catalogue", 99]])
    const input: RankingInput = { strategy: "personalized", ...data, affinity, categories: new Set(), limit: 10 }
    const expected = [...data.affinity].filter(([id, s]) => s > 0 && !data.exclude.has(id)).sort((a, b) => b[1] - a[1]).slice(0, 10).map(([id]) => id)
    expect(rankProducts(input).products.map((p) => p.card.id).slice(0, expected.length)).toEqual(expected)
  })
})

describe("reasons and intents", () => {
  const popularity = new Map([["cheap1", 5], ["mid1", 4], ["dear2", 3], ["cheap2", 2], ["dear1", 1]])

  it("gives each product the reason of the part of the list it came from", () => {
    const reasons = new Map([["mid1", { kind: "bought_with" as const, product_ids: ["cart1"] }]])
    const affinity = new Map([["mid1", 1]])
    const medium = rankProducts({ ...base, strategy: "medium_price", popularity, affinity, reasons, limit: 4 })
    expect(medium.products.slice(0, 2).map((p) => [p.card.id, p.reason])).toEqual([
      ["mid1", { kind: "bought_with", product_ids: ["cart1"] }],
      ["mid2", { kind: "in_price_band", band: "medium" }],
    ])
    // 9.99 and 50.01: a cent either side of the band
    expect(medium.products.slice(2).map((p) => p.card.id).sort()).toEqual(["cheap2", "dear1"])
    expect(medium.products.slice(2).every((p) => p.reason.kind === "near_price_band" && p.reason.band === "medium")).toBe(true)
    const category = rankProducts({ ...base, strategy: "category_match", categories: new Set(["kitchen"]), popularity, limit: 3 })
    expect(category.products.map((p) => p.reason)).toEqual([
      { kind: "in_category", category_id: "kitchen" },
      { kind: "in_category", category_id: "kitchen" },
      { kind: "popular_now" }, // the fill
    ])
    expect(rankProducts({ ...base, popularity }).products.every((p) => p.reason.kind === "popular_now")).toBe(true)
    // an affinity without a reason of its own is still bought with something
    expect(rankProducts({ ...base, strategy: "personalized", affinity, limit: 1 }).products[0].reason).toEqual({ kind: "bought_with", product_ids: [] })
  })

  it("similar keeps to the anchor's categories, never shows the anchor, ranks the neighbourhood then closeness in price, and says when few", () => {
    const anchor = { productIds: ["mid1"], categoryIds: new Set(["xmas"]), price: 10 }
    // xmas: cheap1 (2), mid1 (10, the anchor), dear2 (120); dear2 is in the neighbourhood, cheap1 is not
    const r = rankProducts({ ...base, strategy: "personalized", intent: "similar", anchor, popularity, affinity: new Map([["dear2", 1], ["kitchen_x", 5]]), limit: 3 })
    expect(r.products.map((p) => p.card.id)).toEqual(["dear2", "cheap1"])
    expect(r.products.every((p) => p.reason.kind === "similar_to" && p.reason.product_id === "mid1")).toBe(true)
    expect(r.fallback).toBe("few_similar_products")
    // without a neighbourhood, the closest price first: 2 is 5× from 10, 120 is 12×
    const byPrice = rankProducts({ ...base, strategy: "personalized", intent: "similar", anchor, popularity, affinity: new Map(), limit: 2 })
    expect(byPrice.products.map((p) => p.card.id)).toEqual(["cheap1", "dear2"])
    expect(byPrice.fallback).toBeNull()
    // every strategy stays inside the similar set, the fill included
    for (const strategy of STRATEGY_LIST) {
      const s = rankProducts({ ...base, strategy, intent: "similar", anchor, popularity, affinity: new Map([["dear2", 1]]), limit: 5 })
      expect(s.products.map((p) => p.card.id).sort()).toEqual(["cheap1", "dear2"])
    }
    // an anchor without categories: its neighbourhood alone
    const bare = rankProducts({ ...base, strategy: "popular", intent: "similar", anchor: { productIds: ["mid1"], categoryIds: new Set(), price: null }, popularity, affinity: new Map([["dear1", 1], ["mid1", 2]]), limit: 3 })
    expect(bare.products.map((p) => p.card.id)).toEqual(["dear1"])
  })

  it("prices closeness by ratio, the same either side", () => {
    expect(priceCloseness(10, 10)).toBe(1)
    expect(priceCloseness(20, 10)).toBe(0.5)
    expect(priceCloseness(5, 10)).toBe(0.5)
    expect(priceCloseness(7, null)).toBe(1)
  })
})
