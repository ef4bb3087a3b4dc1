import type { Rng } from "./rng"
import { STRATEGIES, type Strategy } from "./strategies"

export type QValues = Record<Strategy, number>

export interface PolicyChoice {
  strategy: Strategy
  /** True when the ε branch picked the strategy (uniformly at random). */
  explored: boolean
  /** Probability the policy had of choosing this strategy: logged for off-policy evaluation. */
  propensity: number
  /** Q of every strategy in the state, unseen ones at their initial value. */
  q: QValues
  /** The strategies tied for the highest Q. */
  greedy: Strategy[]
}

/** Q vector with unseen strategies at the initial value (0). */
export function fillQ(partial: Partial<Record<Strategy, number>>, initial = 0): QValues {
  const q = {} as QValues
  for (const s of STRATEGIES) {
    const v = partial[s]
    q[s] = typeof v === "number" && Number.isFinite(v) ? v : initial
  }
  return q
}

const TIE_EPSILON = 1e-12

export function greedySet(q: QValues): Strategy[] {
  let best = -Infinity
  for (const s of STRATEGIES) best = Math.max(best, q[s])
  return STRATEGIES.filter((s) => q[s] >= best - TIE_EPSILON)
}

/**
 * Probability of each strategy under ε-greedy with ties split: greedy ones
 * (1−ε)/g, plus ε/e for each of the e strategies exploration may try (all six
 * unless the merchant's guard rail narrows them; none: no exploration).
 */
export function policyProbabilities(q: QValues, epsilon: number, explorable: readonly Strategy[] = STRATEGIES): QValues {
  const greedy = greedySet(q)
  const explore = explorable.length ? epsilon : 0
  const probs = {} as QValues
  for (const s of STRATEGIES) {
    probs[s] = (explorable.includes(s) ? explore / explorable.length : 0) + (greedy.includes(s) ? (1 - explore) / greedy.length : 0)
  }
  return probs
}

/**
 * ε-greedy: with probability ε one of the `explorable` strategies uniformly
 * (the guard rail; all six by default), else a greedy one. The propensity is
 * the exact probability of the drawn strategy under that policy.
 */
export function selectStrategy(
  partialQ: Partial<Record<Strategy, number>>,
  epsilon: number,
  rng: Rng,
  explorable: readonly Strategy[] = STRATEGIES
): PolicyChoice {
  if (!(epsilon >= 0 && epsilon <= 1)) {
    throw new RangeError(`epsilon must be within [0, 1], got ${epsilon}`)
  }
  const q = fillQ(partialQ)
  const greedy = greedySet(q)
  const explored = explorable.length > 0 && rng() < epsilon
  const pool = explored ? explorable : greedy
  const strategy = pool[Math.min(pool.length - 1, Math.floor(rng() * pool.length))]
  const propensity = policyProbabilities(q, epsilon, explorable)[strategy]
  return { strategy, explored, propensity, q, greedy }
}

export interface EpsilonSchedule {
  /** Floor ε never decays below. */
  floor: number
  /** Multiplicative decay applied once per schedule tick (e.g. per decay job run). */
  decay: number
}

export function decayEpsilon(epsilon: number, schedule: EpsilonSchedule): number {
  return Math.max(schedule.floor, epsilon * schedule.decay)
}

export function epsilonAfter(initial: number, ticks: number, schedule: EpsilonSchedule): number {
  return Math.max(schedule.floor, initial * Math.pow(schedule.decay, Math.max(0, ticks)))
}

/** One sentence on why the policy chose what it chose: the admin tester shows it. */
export function explainChoice(choice: PolicyChoice, epsilon: number): string {
  const p = `propensity ${choice.propensity.toFixed(3)}`
  if (choice.explored) {
    return `Explored: with probability ε = ${epsilon.toFixed(3)} the agent tries a strategy at random, and drew ${choice.strategy} (${p}).`
  }
  const tie = choice.greedy.length > 1 ? `, tied with ${choice.greedy.filter((s) => s !== choice.strategy).join(", ")}` : ""
  return `Greedy: ${choice.strategy} has the highest Q value in this state (${choice.q[choice.strategy].toFixed(4)}${tie}) (${p}).`
}

/** One draw from a distribution over the strategies (a shadow candidate's choice). */
export function drawFrom(probabilities: QValues, rng: Rng): Strategy {
  let u = rng()
  for (const s of STRATEGIES) {
    u -= probabilities[s]
    if (u < 0) return s
  }
  // rounding left a sliver: the last strategy with any probability
  return [...STRATEGIES].reverse().find((s) => probabilities[s] > 0) ?? STRATEGIES[0]
}
