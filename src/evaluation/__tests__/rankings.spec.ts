import { describe, expect, it } from "vitest"
import { coPurchaseNeighbours, personalAffinity, relatedScores } from "../../learning/co-purchase"
import { DIVERSITY_POOL_FACTOR, capPerCategory, rankProducts, type ProductCard } from "../../learning/ranking"
import { createRng } from "../../learning/rng"
import { STRATEGIES } from "../../learning/strategies"
import { DenseScorer } from "../dense-scorer"
import { StrategyIndex, mapRelevance } from "../strategy-index"

const rng = createRng(42)
const cats = ["kitchen", "christmas", "bags", "other"]
const catalog: ProductCard[] = Array.from({ length: 300 }, (_, i) => ({
  id: `p${String(i).padStart(3, "0")}`,
  title: `P ${i}`,
  handle: `p-${i}`,
  thumbnail: null,
  variant_id: `v${i}`,
  // repeated prices exercise the price tie-break
  amount: [1.25, 2.5, 4.95, 9.99, 12.5, 35, 49.99, 65, 120][Math.floor(rng() * 9)],
  currency_code: "gbp",
  category_ids: [cats[Math.floor(rng() * cats.length)]],
}))
// ties in popularity exercise the order of the tie-breaks
const popularity = new Map(catalog.filter(() => rng() < 0.8).map((c) => [c.id, Math.floor(rng() * 20)]))
const baskets = Array.from({ length: 600 }, () => Array.from({ length: 2 + Math.floor(rng() * 8) }, () => catalog[Math.floor(rng() * 300)].id))
const neighbours = coPurchaseNeighbours(baskets, { minShared: 1 })

describe("the evaluation's fast strategies", () => {
  it("give exactly the lists rankProducts gives, for every strategy", () => {
    const index = new StrategyIndex(catalog, popularity)
    for (let t = 0; t < 60; t++) {
      const cart = Array.from({ length: Math.floor(rng() * 5) }, () => catalog[Math.floor(rng() * 300)].id)
      const history = Array.from({ length: Math.floor(rng() * 6) }, () => catalog[Math.floor(rng() * 300)].id)
      const exclude = new Set(cart)
      const categories = new Set(t % 3 === 0 ? [] : cart.map((id) => catalog.find((c) => c.id === id)!.category_ids[0]))
      const affinity = personalAffinity(relatedScores(neighbours, cart), relatedScores(neighbours, history), history, 0.2)
      for (const strategy of STRATEGIES) {
        const expected = rankProducts({ strategy, catalog, exclude, categories, popularity, affinity, limit: 10 }).products.map((p) => p.card.id)
        expect(index.rank(strategy, { exclude, categories, relevance: mapRelevance(affinity, index) }, 10)).toEqual(expected)
        // and with the per-category cap, cut from the same longer list
        const capped = rankProducts({ strategy, catalog, exclude, categories, popularity, affinity, limit: 10 }, { maxPerCategory: 2 })
        const long = index.rank(strategy, { exclude, categories, relevance: mapRelevance(affinity, index) }, 10 * DIVERSITY_POOL_FACTOR)
        const categoryOf = (id: string) => catalog.find((c) => c.id === id)!.category_ids[0]
        expect(capPerCategory(long, categoryOf, 2, 10)).toEqual(capped.products.map((p) => p.card.id))
      }
    }
  })

  it("score every strategy on the dense scorer as the Map version does", () => {
    const index = new StrategyIndex(catalog, popularity)
    const ids = index.popular.map((c) => c.id)
    const scorer = new DenseScorer(ids, Float64Array.from(index.popular.map((c) => c.amount)), neighbours)
    for (let t = 0; t < 60; t++) {
      const cart = Array.from({ length: 1 + Math.floor(rng() * 5) }, () => catalog[Math.floor(rng() * 300)].id)
      const history = [...new Set(Array.from({ length: Math.floor(rng() * 6) }, () => catalog[Math.floor(rng() * 300)].id))]
      const exclude = new Set(cart)
      const w = 0.05
      const affinity = personalAffinity(relatedScores(neighbours, cart), relatedScores(neighbours, history), history, w)
      scorer.reset()
      scorer.addRelated(cart)
      scorer.addRelated(history, w)
      history.forEach((id, r) => scorer.add(id, w / (r + 1)))
      const categories = new Set(cart.map((id) => catalog.find((c) => c.id === id)!.category_ids[0]))
      for (const strategy of STRATEGIES) {
        const dense = index.rank(strategy, { exclude, categories, relevance: scorer }, 10)
        const expected = index.rank(strategy, { exclude, categories, relevance: mapRelevance(affinity, index) }, 10)
        expect(dense).toEqual(expected)
      }
    }
  })
})
