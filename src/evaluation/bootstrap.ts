/**
 * Paired bootstrap over customers: resample customers with replacement and
 * recompute the per-event mean difference between two methods. Customers,
 * not events, are the unit, because one customer's baskets are not independent.
 */
import { createRng } from "../learning/rng"

export interface PairedDifference {
  /** Mean over events of (a − b). */
  diff: number
  lo: number
  hi: number
  /** Relative difference (a − b) / b of the means, when b ≠ 0. */
  relative: number | null
  resamples: number
}

/** Resampled group indices, drawn once and shared by every comparison (so they are paired too). */
export function resampleIndices(groups: number, resamples: number, seed = 20111101): Uint32Array {
  const rng = createRng(seed)
  const idx = new Uint32Array(groups * resamples)
  for (let i = 0; i < idx.length; i++) idx[i] = Math.floor(rng() * groups)
  return idx
}

/**
 * `groups[i]` holds customer i's sums of method a and b over its events (and
 * seeds) and the number of those events: what is resampled.
 */
export function pairedBootstrap(
  groups: Array<{ a: number; b: number; n: number }>,
  resamples = 1000,
  seed = 20111101,
  indices: Uint32Array = resampleIndices(groups.length, resamples, seed)
): PairedDifference {
  const m = groups.length
  const d = new Float64Array(m)
  const w = new Float64Array(m)
  let total = 0
  let sumA = 0
  let sumB = 0
  groups.forEach((g, i) => {
    d[i] = g.a - g.b
    w[i] = g.n
    total += g.n
    sumA += g.a
    sumB += g.b
  })
  const diffs = new Float64Array(resamples)
  for (let r = 0; r < resamples; r++) {
    let sd = 0
    let sn = 0
    for (let j = r * m, end = j + m; j < end; j++) {
      const i = indices[j]
      sd += d[i]
      sn += w[i]
    }
    diffs[r] = sn ? sd / sn : 0
  }
  diffs.sort()
  const at = (q: number) => diffs[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))]
  return {
    diff: total ? (sumA - sumB) / total : 0,
    lo: at(0.025),
    hi: at(0.975),
    relative: sumB !== 0 ? (sumA - sumB) / sumB : null,
    resamples,
  }
}

/** Percentile bootstrap CI of a statistic over resampled indices. */
export function bootstrapCi(
  n: number,
  statistic: (indices: Uint32Array) => number,
  resamples = 1000,
  seed = 1
): { lo: number; hi: number } {
  const rng = createRng(seed)
  const values = new Float64Array(resamples)
  const idx = new Uint32Array(n)
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) idx[i] = Math.floor(rng() * n)
    values[r] = statistic(idx)
  }
  values.sort()
  const at = (q: number) => values[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))]
  return { lo: at(0.025), hi: at(0.975) }
}
