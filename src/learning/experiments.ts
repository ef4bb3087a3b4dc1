/**
 * Live A/B holdouts: which arm serves a shopper (sticky, deterministic), what
 * the arm serves, and how two arms' outcomes compare, with a 95% interval on
 * the difference and a plain verdict. Plain TypeScript (no Medusa imports).
 *
 * Statistics: each decision is one observation of the primary metric (1 or 0
 * for conversion and engagement, its attributed revenue for revenue). The
 * difference of two arms' means gets an always-valid 95% interval: the
 * asymptotic confidence sequence of Waudby-Smith, Arbour, Sinha, Kennedy and
 * Ramdas ("Time-uniform central limit theory and asymptotic confidence
 * sequences", Annals of Statistics 2024), with the difference's standard
 * error sqrt(s²a/na + s²b/nb). A merchant reads the dashboard whenever they
 * like: a fixed-horizon interval (Welch's) read every 500 decisions calls a
 * winner in 41% of experiments whose arms are equal (bench/experiment-
 * simulation.ts), this one in at most 5% however often it is read. It is
 * tuned to be tightest at CS_TUNED_FOR decisions. A verdict also needs the
 * minimum sample in each arm.
 */
import type { PolicyChoice } from "./policy"
import type { Rng } from "./rng"
import { STRATEGIES, type Strategy } from "./strategies"

export const ARM_KINDS = ["agent", "strategy", "random", "model"] as const
export type ArmKind = (typeof ARM_KINDS)[number]

/** An arm and its share of the experiment's traffic (shares sum to 1). */
export type ArmSpec =
  | { key: string; kind: "agent"; weight: number }
  | { key: string; kind: "strategy"; strategy: Strategy; weight: number }
  | { key: string; kind: "random"; weight: number }
  /** another model version: a snapshot's Q-table, ε-greedy with its own ε (null: the snapshot's) */
  | { key: string; kind: "model"; snapshot_id: string; epsilon: number | null; weight: number }

export const EXPERIMENT_METRICS = ["conversion", "revenue", "engagement"] as const
export type ExperimentMetric = (typeof EXPERIMENT_METRICS)[number]

/** Decisions each arm needs before the verdict says more than "not enough data". */
export const MIN_DECISIONS_PER_ARM = 200

/** What is wrong with a set of arms, or null: 2 to 4 arms, unique keys, weights in (0, 1] summing to 1. */
export function armsError(arms: readonly ArmSpec[]): string | null {
  if (arms.length < 2 || arms.length > 4) return "an experiment has 2 to 4 arms"
  if (new Set(arms.map((a) => a.key)).size !== arms.length) return "arm keys must be unique"
  if (arms.some((a) => !(a.weight > 0 && a.weight <= 1))) return "each arm's weight must be within (0, 1]"
  const total = arms.reduce((s, a) => s + a.weight, 0)
  if (Math.abs(total - 1) > 1e-6) return `the arms' weights must sum to 1, got ${Number(total.toFixed(6))}`
  return null
}

/** FNV-1a, 32 bits: the unit's place in [0, 1), the same in every process and on every call. */
export function unitPosition(experimentId: string, unit: string): number {
  let h = 0x811c9dc5
  const text = `${experimentId}|${unit}`
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  // avalanche, so near keys (session-1, session-2) spread over [0, 1)
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return (h >>> 0) / 4294967296
}

/** The arm a unit (a customer, else a session, else a cart) is in: sticky and deterministic. */
export function assignArm<A extends ArmSpec>(experimentId: string, unit: string, arms: readonly A[]): A {
  const u = unitPosition(experimentId, unit)
  let edge = 0
  for (const arm of arms) {
    edge += arm.weight
    if (u < edge) return arm
  }
  return arms[arms.length - 1]
}

/**
 * What an arm serves, and the probability it had of serving it (logged as
 * the decision's propensity: exact for off-policy evaluation). The agent arm
 * serves the agent's own ε-greedy choice, a model arm its model's (`model`:
 * the caller draws it, having read that model's Q values), a random arm a
 * uniform draw over the strategies exploration may try on this request.
 */
export function armChoice(
  arm: ArmSpec,
  agent: PolicyChoice,
  rng: Rng,
  explorable: readonly Strategy[] = STRATEGIES,
  model: PolicyChoice | null = null
): PolicyChoice {
  if (arm.kind === "agent") return agent
  if (arm.kind === "strategy") return { ...agent, strategy: arm.strategy, explored: false, propensity: 1 }
  if (arm.kind === "model") {
    if (!model) throw new Error(`arm ${arm.key}: the model's choice was not drawn`)
    return model
  }
  // the guard rail holds for the random arm too; with nothing it may try, all six
  const pool = explorable.length ? explorable : STRATEGIES
  const strategy = pool[Math.min(pool.length - 1, Math.floor(rng() * pool.length))]
  return { ...agent, strategy, explored: true, propensity: 1 / pool.length }
}

/** One arm's observations of the metric: count, sum and sum of squares (what SQL sums). */
export type ArmSample = { n: number; sum: number; sumSquares: number }

export function sampleMean(s: ArmSample): number | null {
  return s.n ? s.sum / s.n : null
}

/** Unbiased sample variance; null below two observations. */
export function sampleVariance(s: ArmSample): number | null {
  if (s.n < 2) return null
  return Math.max(0, (s.sumSquares - (s.sum * s.sum) / s.n) / (s.n - 1))
}

/** The decisions (both arms together) at which the interval is tuned to be narrowest. */
export const CS_TUNED_FOR = 10_000

/**
 * Half-width of the asymptotic confidence sequence after `n` observations,
 * for an estimate whose standard error is `se` (σ/√n for a mean): valid at
 * every n at once with probability 1 − alpha. ρ is chosen to minimise the
 * width at `tunedFor` (the paper's eq. for ρ); the width at n is
 * se · sqrt(2(nρ² + 1)/(nρ²) · ln(sqrt(nρ² + 1)/alpha)).
 */
export function confidenceSequenceHalfWidth(se: number, n: number, alpha = 0.05, tunedFor = CS_TUNED_FOR): number {
  const rho2 = (-2 * Math.log(alpha) + Math.log(-2 * Math.log(alpha) + 1)) / tunedFor
  const v = n * rho2
  return se * Math.sqrt(((2 * (v + 1)) / v) * Math.log(Math.sqrt(v + 1) / alpha))
}

export type ArmComparison = {
  /** treatment mean − control mean */
  difference: number | null
  /** always-valid 95% interval of the difference (see the header) */
  ci95: [number, number] | null
  /** the difference relative to the control's mean */
  lift: number | null
  verdict: "not_enough_data" | "better" | "worse" | "no_clear_difference"
  /** plain language */
  summary: string
}

/** The treatment against the control: the always-valid interval on the difference of their means, and a verdict. */
export function compareArms(
  control: ArmSample & { label: string },
  treatment: ArmSample & { label: string },
  metric: ExperimentMetric,
  minPerArm = MIN_DECISIONS_PER_ARM
): ArmComparison {
  const ma = sampleMean(control)
  const mb = sampleMean(treatment)
  const va = sampleVariance(control)
  const vb = sampleVariance(treatment)
  const what = metric === "revenue" ? "revenue per decision" : `${metric} rate`
  if (ma === null || mb === null || va === null || vb === null) {
    return { difference: null, ci95: null, lift: null, verdict: "not_enough_data", summary: `Not enough data: each arm needs at least ${minPerArm} decisions.` }
  }
  const difference = mb - ma
  const se2a = va / control.n
  const se2b = vb / treatment.n
  const half = confidenceSequenceHalfWidth(Math.sqrt(se2a + se2b), control.n + treatment.n)
  const ci95: [number, number] = [difference - half, difference + half]
  const lift = ma !== 0 ? difference / ma : null
  const base = { difference, ci95, lift }
  if (control.n < minPerArm || treatment.n < minPerArm) {
    const need = Math.max(0, minPerArm - Math.min(control.n, treatment.n))
    return { ...base, verdict: "not_enough_data", summary: `Not enough data yet: ${need} more decisions in the smaller arm before a verdict (minimum ${minPerArm} per arm).` }
  }
  if (ci95[0] > 0) {
    return { ...base, verdict: "better", summary: `${treatment.label} beats ${control.label} on ${what}: the 95% interval of the difference is above zero.` }
  }
  if (ci95[1] < 0) {
    return { ...base, verdict: "worse", summary: `${treatment.label} does worse than ${control.label} on ${what}: the 95% interval of the difference is below zero.` }
  }
  return { ...base, verdict: "no_clear_difference", summary: `No clear difference on ${what} yet: the 95% interval of the difference includes zero.` }
}

/** One arm's decisions and outcomes, and each metric's observations summed (n, sum, sum of squares). */
export type ArmOutcome = {
  arm: string
  decisions: number
  conversions: number
  engagements: number
  /** in the experiment's currency */
  revenue: number
  samples: Record<ExperimentMetric, ArmSample>
}

export type ExperimentArmResult = ArmOutcome & {
  spec: ArmSpec
  /** the primary metric's mean per decision */
  mean: number | null
  /** against the control (null for the control itself) */
  comparison: ArmComparison | null
}
