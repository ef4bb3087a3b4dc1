import type { QValues } from "./policy"
import { STRATEGIES } from "./strategies"

/** maxₐ Q(s, a) where unseen strategies count at their initial value 0. */
export function maxQ(q: Partial<QValues>, initial = 0): number {
  let best = -Infinity
  for (const s of STRATEGIES) {
    const v = q[s]
    best = Math.max(best, typeof v === "number" ? v : initial)
  }
  return best
}

/** r + γ·maxₐ' Q(s', a'), or r alone for a terminal transition. */
export function qTarget(reward: number, nextMax: number, gamma: number, terminal: boolean): number {
  return terminal ? reward : reward + gamma * nextMax
}

/** Q(s,a) ← Q(s,a) + α·(target − Q(s,a)). */
export function qUpdate(
  current: number,
  reward: number,
  nextMax: number,
  alpha: number,
  gamma: number,
  terminal: boolean
): number {
  return current + alpha * (qTarget(reward, nextMax, gamma, terminal) - current)
}
