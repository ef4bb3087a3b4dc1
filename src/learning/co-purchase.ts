/**
 * Item-to-item co-purchase similarity: for each product, the products most
 * often bought in the same basket, scored by the cosine of their basket sets
 * (shared / sqrt(baskets(a) · baskets(b))): the offline item-kNN baseline.
 * The store's `personalized` strategy reads RP3beta (`item-models.ts`),
 * which does better on this data.
 */

import type { RecommendationReason } from "../../packages/storefront/src/types"

export interface CoPurchaseOptions {
  /** Related products kept per product. */
  topN: number
  /** Shared baskets before a pair counts: one shared basket is noise. */
  minShared: number
  /** Baskets with more distinct products are skipped (wholesale restocks add n² pairs each). */
  maxBasketProducts: number
  /** Counts are a dense n×n matrix up to this many products (4,096 → 64 MB), sparse rows beyond. */
  maxDenseProducts: number
}

export const DEFAULT_CO_PURCHASE_OPTIONS: CoPurchaseOptions = {
  topN: 50,
  minShared: 2,
  maxBasketProducts: 100,
  maxDenseProducts: 4096,
}

export interface Related {
  productId: string
  /** Baskets holding both products. */
  shared: number
  score: number
}

/**
 * Builds the related-products lists from baskets of distinct product ids.
 * Memory is one sparse counter per product; time is Σ n² over kept baskets.
 */
export function coPurchaseNeighbours(
  baskets: Iterable<readonly string[]>,
  options: Partial<CoPurchaseOptions> = {}
): Map<string, Related[]> {
  const o = { ...DEFAULT_CO_PURCHASE_OPTIONS, ...options }
  const index = new Map<string, number>()
  const ids: string[] = []
  const encoded: number[][] = []
  for (const basket of baskets) {
    const members: number[] = []
    for (const p of new Set(basket)) {
      let i = index.get(p)
      if (i === undefined) {
        i = ids.length
        index.set(p, i)
        ids.push(p)
      }
      members.push(i)
    }
    encoded.push(members)
  }
  const n = ids.length
  const basketCount = new Float64Array(n)
  for (const members of encoded) for (const i of members) basketCount[i]++

  const dense = n <= o.maxDenseProducts ? new Uint32Array(n * n) : null
  const sparse = dense ? null : Array.from({ length: n }, () => new Map<number, number>())
  for (const members of encoded) {
    if (members.length < 2 || members.length > o.maxBasketProducts) continue
    for (const a of members) {
      if (dense) {
        const row = a * n
        for (const b of members) dense[row + b]++
      } else {
        const row = sparse![a]
        for (const b of members) row.set(b, (row.get(b) ?? 0) + 1)
      }
    }
  }

  const result = new Map<string, Related[]>()
  const consider = (a: number, b: number, shared: number, list: Related[]) => {
    if (a === b || shared < o.minShared) return
    list.push({ productId: ids[b], shared, score: shared / Math.sqrt(basketCount[a] * basketCount[b]) })
  }
  for (let a = 0; a < n; a++) {
    const list: Related[] = []
    if (dense) {
      for (let b = 0, row = a * n; b < n; b++) if (dense[row + b]) consider(a, b, dense[row + b], list)
    } else {
      for (const [b, shared] of sparse![a]) consider(a, b, shared, list)
    }
    if (!list.length) continue
    list.sort((x, y) => y.score - x.score || y.shared - x.shared || (x.productId < y.productId ? -1 : 1))
    result.set(ids[a], list.slice(0, o.topN))
  }
  return result
}

/** Sums the neighbours' scores of the seed products, seeds themselves excluded. */
export function relatedScores(
  neighbours: ReadonlyMap<string, readonly Related[]>,
  seeds: Iterable<string>,
  weights?: ReadonlyMap<string, number>
): Map<string, number> {
  const seedSet = new Set(seeds)
  const scores = new Map<string, number>()
  for (const s of seedSet) {
    const w = weights?.get(s) ?? 1
    for (const r of neighbours.get(s) ?? []) {
      if (seedSet.has(r.productId)) continue
      scores.set(r.productId, (scores.get(r.productId) ?? 0) + w * r.score)
    }
  }
  return scores
}

/** Weight of the customer's own history against the cart in `personalized` (tuned offline: docs/evaluation.md). */
export const DEFAULT_HISTORY_WEIGHT = 0.05

/**
 * Weight of a product page's product against each cart product: the page
 * says what this view is about, and a full cart should not drown it.
 */
export const DEFAULT_ANCHOR_WEIGHT = 3

/**
 * `personalized`'s affinity: co-purchase scores of the cart's products, plus
 * `historyWeight` × (co-purchase scores of the customer's top products and a
 * re-buy score for those products: 1 for the most bought, 1/2 next, …).
 * The cart says what this visit is about; the history breaks its ties and
 * fills in when the cart is empty.
 */
export function personalAffinity(
  cartRelated: ReadonlyMap<string, number>,
  historyRelated: ReadonlyMap<string, number>,
  topHistory: readonly string[],
  historyWeight: number = DEFAULT_HISTORY_WEIGHT
): Map<string, number> {
  const scores = new Map(cartRelated)
  const add = (id: string, v: number) => scores.set(id, (scores.get(id) ?? 0) + historyWeight * v)
  for (const [id, v] of historyRelated) add(id, v)
  topHistory.forEach((id, rank) => add(id, 1 / (rank + 1)))
  return scores
}

/**
 * Each product's reason in `personalAffinity`: the largest of its three parts
 * — the cart's co-purchases (`bought_with` the cart products that gave most of
 * it), the history's co-purchases (`bought_with` those past products), or
 * re-buying (`bought_before`).
 */
export function affinityReasons(
  relevance: {
    cart: ReadonlyMap<string, number>
    history: ReadonlyMap<string, number>
    cartBy: ReadonlyMap<string, readonly string[]>
    historyBy: ReadonlyMap<string, readonly string[]>
  },
  topHistory: readonly string[],
  historyWeight: number = DEFAULT_HISTORY_WEIGHT
): Map<string, RecommendationReason> {
  const rebuy = new Map(topHistory.map((id, rank) => [id, 1 / (rank + 1)]))
  const out = new Map<string, RecommendationReason>()
  for (const id of new Set([...relevance.cart.keys(), ...relevance.history.keys(), ...rebuy.keys()])) {
    const cart = relevance.cart.get(id) ?? 0
    const history = historyWeight * (relevance.history.get(id) ?? 0)
    const again = historyWeight * (rebuy.get(id) ?? 0)
    if (again > 0 && again >= cart && again >= history) out.set(id, { kind: "bought_before" })
    else if (cart >= history) out.set(id, { kind: "bought_with", product_ids: [...(relevance.cartBy.get(id) ?? [])] })
    else out.set(id, { kind: "bought_with", product_ids: [...(relevance.historyBy.get(id) ?? [])] })
  }
  return out
}
