import type { QValues } from "./policy"
import { STRATEGIES, type Strategy } from "./strategies"

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

/**
 * A state's learned Q values and the prior row's (the store's "*" state):
 * a strategy the state has not tried reads the prior, and 0 when nothing
 * has taught the prior either.
 */
export interface PriorAwareValues {
  cell: Partial<QValues>
  prior: Partial<QValues>
}

export function priorAwareValue(v: PriorAwareValues, s: Strategy): number {
  return v.cell[s] ?? v.prior[s] ?? 0
}

/** maxₐ Q(s, a), an untried strategy at its prior. */
export function priorAwareMax(v: PriorAwareValues): number {
  let best = -Infinity
  for (const s of STRATEGIES) best = Math.max(best, priorAwareValue(v, s))
  return best
}

/**
 * One transition's update, as the store's SQL (`applyRewardBatch`) and the
 * offline replay agent both apply it — written here once, and each tested
 * against it:
 * - target = r, plus γ·maxₐ' Q(s', a') (untried a' at the prior) unless terminal;
 * - Q(s, a) continues from its own value, or starts from the prior's when the
 *   state has not tried a, and moves by α towards the target;
 * - the prior row moves by α towards the same target from its own value (0 when new).
 */
export function priorAwareUpdate(
  state: PriorAwareValues,
  action: Strategy,
  reward: number,
  next: PriorAwareValues | null,
  alpha: number,
  gamma: number,
  terminal: boolean
): { target: number; q: number; prior: number } {
  const target = qTarget(reward, next && !terminal ? priorAwareMax(next) : 0, gamma, terminal || !next)
  const start = priorAwareValue(state, action)
  const priorStart = state.prior[action] ?? 0
  return { target, q: start + alpha * (target - start), prior: priorStart + alpha * (target - priorStart) }
}
