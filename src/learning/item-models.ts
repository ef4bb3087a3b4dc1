/**
 * Item-to-item models of co-purchase stronger than cosine kNN, in the shape
 * the scorers read (`Related` lists per product):
 *
 * - **EASE^R** (Steck 2019): B = I − P·diag(1/diag(P)), P = (XᵀX + λI)⁻¹,
 *   X the basket × product matrix; a cart scores product j by Σᵢ B[i, j].
 *   Closed form, but a dense n × n inverse: fitted on the `maxProducts`
 *   products in most baskets (n³ time, 8n² bytes); other products get no
 *   EASE score and callers fill from kNN.
 * - **RP3beta** (Paudel et al. 2017): a random walk product → basket →
 *   product, W[i, j] = Σ_b deg(i)^−α · |b|^−α, divided by deg(j)^β to damp
 *   popular products.
 *
 * Plain TypeScript, no I/O: fitted offline by the evaluation, tested in milliseconds.
 */
import type { Related } from "./co-purchase"

export interface EaseOptions {
  /** L2 regularisation λ on the Gram matrix's diagonal. */
  lambda: number
  /** Products fitted densely, those in most baskets first. */
  maxProducts: number
  /** Positive weights kept per product. */
  topN: number
}

export const DEFAULT_EASE_OPTIONS: EaseOptions = { lambda: 200, maxProducts: 1000, topN: 200 }

/** Distinct products per basket, keeping only those in `index`. */
function indexed(baskets: Iterable<readonly string[]>, index: Map<string, number>): Int32Array[] {
  const out: Int32Array[] = []
  for (const b of baskets) {
    const seen = new Set<number>()
    for (const p of b) {
      const i = index.get(p)
      if (i !== undefined) seen.add(i)
    }
    if (seen.size) out.push(Int32Array.from(seen))
  }
  return out
}

/** Products by the number of baskets they are in, most first (ties by id). */
export function productsByBaskets(baskets: Iterable<readonly string[]>): string[] {
  const n = new Map<string, number>()
  for (const b of baskets) for (const p of new Set(b)) n.set(p, (n.get(p) ?? 0) + 1)
  return [...n.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([p]) => p)
}

/** In-place inverse of a symmetric positive definite matrix (Gauss–Jordan; no pivoting needed). */
export function invertSpd(a: Float64Array, n: number): void {
  for (let k = 0; k < n; k++) {
    const rk = k * n
    const p = 1 / a[rk + k]
    a[rk + k] = 1
    for (let j = 0; j < n; j++) a[rk + j] *= p
    for (let i = 0; i < n; i++) {
      if (i === k) continue
      const ri = i * n
      const f = a[ri + k]
      if (f === 0) continue
      a[ri + k] = 0
      for (let j = 0; j < n; j++) a[ri + j] -= f * a[rk + j]
    }
  }
}

function topPositive(ids: readonly string[], row: ArrayLike<number>, self: number, topN: number, shared?: (j: number) => number): Related[] {
  const out: Related[] = []
  for (let j = 0; j < ids.length; j++) {
    const v = row[j]
    if (j === self || !(v > 0)) continue
    out.push({ productId: ids[j], shared: shared ? shared(j) : 0, score: v })
  }
  out.sort((a, b) => b.score - a.score || (a.productId < b.productId ? -1 : 1))
  return out.slice(0, topN)
}

export function fitEase(baskets: readonly (readonly string[])[], options: Partial<EaseOptions> = {}): Map<string, Related[]> {
  const o = { ...DEFAULT_EASE_OPTIONS, ...options }
  const ids = productsByBaskets(baskets).slice(0, o.maxProducts)
  const n = ids.length
  const index = new Map(ids.map((id, i) => [id, i]))
  const g = new Float64Array(n * n)
  for (const b of indexed(baskets, index)) {
    for (let x = 0; x < b.length; x++) {
      const r = b[x] * n
      for (let y = 0; y < b.length; y++) g[r + b[y]] += 1
    }
  }
  const gram = Float64Array.from({ length: n }, (_, i) => g[i * n + i])
  for (let i = 0; i < n; i++) g[i * n + i] += o.lambda
  invertSpd(g, n)
  // B[i, j] = −P[i, j] / P[j, j] off the diagonal: row i holds what product i says for every j
  const diag = Float64Array.from({ length: n }, (_, j) => g[j * n + j])
  const out = new Map<string, Related[]>()
  const row = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) row[j] = -g[i * n + j] / diag[j]
    out.set(ids[i], topPositive(ids, row, i, o.topN, () => gram[i]))
  }
  return out
}

export interface Rp3Options {
  alpha: number
  beta: number
  topN: number
  /** Baskets with more distinct products are skipped, as for kNN. */
  maxBasketProducts: number
}

export const DEFAULT_RP3_OPTIONS: Rp3Options = { alpha: 1, beta: 0.5, topN: 200, maxBasketProducts: 100 }

/**
 * The store's relevance model (`rl_co_purchase`, read by `personalized`):
 * RP3beta at the evaluation's tuned walk (α 0.7, β 0.5; docs/evaluation.md),
 * 50 neighbours per product. The offline replay fits the same.
 */
export const STORE_RELEVANCE_OPTIONS: Rp3Options = { alpha: 0.7, beta: 0.5, topN: 50, maxBasketProducts: 100 }

export function fitRp3beta(baskets: readonly (readonly string[])[], options: Partial<Rp3Options> = {}): Map<string, Related[]> {
  const ids = productsByBaskets(baskets)
  return new Map(rp3betaRows(ids, indexed(baskets, new Map(ids.map((id, i) => [id, i]))), options))
}

/**
 * RP3beta over baskets of product indexes (into `ids`, each product once per
 * basket), one product's neighbour list at a time: the store's refresh
 * writes each list as it comes, so 100,000 products' lists are never all in
 * memory. Σ n² work over the baskets, O(products) working memory.
 */
export function* rp3betaRows(
  ids: readonly string[],
  baskets: readonly ArrayLike<number>[],
  options: Partial<Rp3Options> = {}
): Generator<[string, Related[]]> {
  const o = { ...DEFAULT_RP3_OPTIONS, ...options }
  const n = ids.length
  const rows = baskets.filter((b) => b.length <= o.maxBasketProducts)
  const deg = new Float64Array(n)
  const byProduct: number[][] = Array.from({ length: n }, () => [])
  rows.forEach((b, bi) => {
    for (let k = 0; k < b.length; k++) {
      deg[b[k]]++
      byProduct[b[k]].push(bi)
    }
  })
  const step = Float64Array.from(rows, (b) => Math.pow(b.length, -o.alpha))
  const damp = Float64Array.from(deg, (d) => Math.pow(d, o.beta))
  const acc = new Float64Array(n)
  const shared = new Uint32Array(n)
  const touched = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    let nTouched = 0
    for (const bi of byProduct[i]) {
      const w = step[bi]
      const b = rows[bi]
      for (let k = 0; k < b.length; k++) {
        const j = b[k]
        if (j === i) continue
        if (!shared[j]) touched[nTouched++] = j
        acc[j] += w
        shared[j]++
      }
    }
    const from = Math.pow(deg[i], -o.alpha)
    const list: Related[] = []
    for (let t = 0; t < nTouched; t++) {
      const j = touched[t]
      list.push({ productId: ids[j], shared: shared[j], score: (from * acc[j]) / damp[j] })
      acc[j] = 0
      shared[j] = 0
    }
    list.sort((a, b) => b.score - a.score || (a.productId < b.productId ? -1 : 1))
    yield [ids[i], list.slice(0, o.topN)]
  }
}
