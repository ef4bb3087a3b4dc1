import { describe, expect, it } from "vitest"
import { NO_GUARD, guardedExplorable, withStockFloor, type ExplorationGuard } from "../exploration-guard"
import { compileRules } from "../merchandising"
import { drawFrom, fillQ, policyProbabilities, selectStrategy } from "../policy"
import { rankProducts, type ProductCard, type RankingInput } from "../ranking"
import { createRng } from "../rng"
import { STRATEGIES, type Strategy } from "../strategies"

const card = (id: string, amount: number, stock: number | null, category_ids: string[] = []): ProductCard => ({
  id, title: id, handle: id, thumbnail: null, variant_id: `v_${id}`, amount, currency_code: "gbp", category_ids, stock,
})

// two cheap products well stocked and one nearly sold out; two mid-priced, nearly sold out; one dear, well stocked
const catalog = [card("a", 3, 500, ["c1"]), card("b", 4, 500, ["c1"]), card("c", 5, 5, ["c1"]), card("d", 20, 5, ["c2"]), card("e", 30, 5, ["c2"]), card("f", 80, null)]
const base: Omit<RankingInput, "strategy"> = { catalog, exclude: new Set(), categories: new Set(), popularity: new Map(), affinity: new Map(), limit: 2 }
const rank = (strategy: Strategy, rules: RankingInput["rules"]) => rankProducts({ ...base, strategy, rules })
const guarded = (guard: ExplorationGuard, rules?: RankingInput["rules"]) => guardedExplorable(STRATEGIES, guard, rules, 2, rank)

describe("the per-request exploration guard", () => {
  it("changes nothing when it is off", async () => {
    expect(await guarded(NO_GUARD)).toEqual([...STRATEGIES])
  })

  it("explores only into strategies whose own list fills the request", async () => {
    // high_price has one product of two; category_match has no categories and personalized no history for this shopper
    expect(await guarded({ fullList: true, minStock: null })).toEqual(["low_price", "medium_price", "popular"])
  })

  it("counts only products at the stock level (unmanaged stock always counts), implying the full-list check", async () => {
    // cheap: a and b; mid: none; dear: f (unmanaged) alone; popular: a, b, f
    expect(await guarded({ fullList: false, minStock: 100 })).toEqual(["low_price", "popular"])
    // at 1,000 units only f counts: no list fills, so nothing is explored into
    expect(await guarded({ fullList: true, minStock: 1_000 })).toEqual([])
  })

  it("obeys the merchant's rules as the served list does", async () => {
    const rules = compileRules(
      [{ id: "r1", kind: "exclude", target_type: "product", target_ids: ["a"], sales_channel_id: null, placement: null, min_stock: null, currency_code: null, price_min: null, price_max: null, multiplier: null, enabled: true }],
      { salesChannelId: "sc", currencyCode: "gbp", placement: "home" },
      { cards: catalog, categoriesOf: (id) => catalog.find((c) => c.id === id)?.category_ids ?? [], members: () => new Set() }
    )
    // without a: low_price keeps b and c; at stock 100 only b is left
    expect(await guarded({ fullList: true, minStock: null }, rules)).toEqual(["low_price", "medium_price", "popular"])
    expect(await guarded({ fullList: true, minStock: 100 }, rules)).toEqual(["popular"])
    // the floor is added to the rules, not put in their place
    expect(withStockFloor(rules, 100).allows(catalog[0])).toBe(false)
    expect(withStockFloor(undefined, 100).allows(catalog[5])).toBe(true)
  })

  it("keeps every logged propensity exact under the set it allows: frequencies over 60,000 draws match", async () => {
    const explorable = await guarded({ fullList: false, minStock: 100 })
    const q = fillQ({ medium_price: 0.3 })
    const epsilon = 0.4
    const probs = policyProbabilities(q, epsilon, explorable)
    expect(probs).toEqual({ low_price: 0.2, medium_price: 0.6, high_price: 0, category_match: 0, popular: 0.2, personalized: 0 })
    const rng = createRng(7)
    const seen = Object.fromEntries(STRATEGIES.map((s) => [s, 0])) as Record<Strategy, number>
    const n = 60_000
    for (let i = 0; i < n; i++) {
      const choice = selectStrategy(q, epsilon, rng, explorable)
      expect(choice.propensity).toBe(probs[choice.strategy])
      seen[choice.strategy]++
    }
    for (const s of STRATEGIES) expect(Math.abs(seen[s] / n - probs[s])).toBeLessThan(4.5 * Math.sqrt((probs[s] * (1 - probs[s])) / n) + 1e-12)
  })
})

describe("drawFrom", () => {
  it("draws each strategy with its probability, never one with none", () => {
    const probs = policyProbabilities(fillQ({ popular: 1 }), 0.3, ["popular", "low_price"])
    const rng = createRng(3)
    const seen = new Map<Strategy, number>()
    const n = 40_000
    for (let i = 0; i < n; i++) {
      const s = drawFrom(probs, rng)
      seen.set(s, (seen.get(s) ?? 0) + 1)
    }
    expect([...seen.keys()].sort()).toEqual(["low_price", "popular"])
    expect(Math.abs(seen.get("low_price")! / n - 0.15)).toBeLessThan(4.5 * Math.sqrt((0.15 * 0.85) / n))
    expect(drawFrom(probs, () => 0.999999999999)).toBe("popular")
  })
})
