/**
 * Whether the agent is settling: the original design's convergence
 * indicators, per model version and day, and a plain reading of them.
 * Plain TypeScript: the module's rollup computes the same figures from the
 * decision and reward logs in SQL (repositories/convergence.ts), and this
 * file reads them.
 *
 * - mean |ΔQ|: how far each Q update moved its cell, on average. Shrinks as
 *   the values approach their targets (with a constant α it levels off at the
 *   rewards' noise, not at zero).
 * - Q variance: for each cell updated in the trailing window, the variance
 *   of the values it took there, averaged over cells. Low: cells hold still.
 * - greedy changes: of the states decided on the day that had been decided
 *   before, the share whose best strategy (argmax of the Q values logged
 *   with the decision) differs from their previous decision's. The policy
 *   stability of the design: similar states keep getting the same strategy.
 * - exploration: the share of decisions that explored, and the mean ε.
 * - reward mean and variance of the day's rewards.
 */

export interface ConvergenceDay {
  /** YYYY-MM-DD, UTC. */
  day: string
  model_version: number
  decisions: number
  /** Rewards that moved a Q value. */
  updates: number
  mean_abs_delta_q: number | null
  q_variance: number | null
  /** States decided on the day that had been decided before it (the greedy change's denominator). */
  states_compared: number
  greedy_changed_share: number | null
  exploration_rate: number | null
  epsilon: number | null
  rewards: number
  reward_mean: number | null
  reward_variance: number | null
}

export type ConvergenceVerdict = "not_enough_data" | "settling" | "still_moving" | "drifting"

export interface ConvergenceReading {
  verdict: ConvergenceVerdict
  /** One sentence for the merchant. */
  text: string
}

/** Below these a day says too little to read. */
export const CONVERGENCE_MIN_UPDATES = 30
export const CONVERGENCE_MIN_STATES = 10
/** A greedy-change share at or under this is a stable policy; over DRIFT it is moving a lot. */
export const STABLE_GREEDY_SHARE = 0.1
export const DRIFT_GREEDY_SHARE = 0.3

const pct = (x: number) => `${Math.round(x * 100)}%`

/**
 * Reads the days of one model version (oldest first): "settling" when the
 * policy is stable and the updates are not growing, "drifting" when the
 * policy changed a lot after having been stable (or |ΔQ| more than doubled
 * against the days before: the store or the rewards changed), else "still
 * moving". Too few updates or compared states: "not enough data".
 */
export function readConvergence(days: readonly ConvergenceDay[]): ConvergenceReading {
  const usable = days.filter((d) => d.updates >= CONVERGENCE_MIN_UPDATES && d.states_compared >= CONVERGENCE_MIN_STATES)
  const last = usable[usable.length - 1]
  if (!last || last.greedy_changed_share === null || last.mean_abs_delta_q === null) {
    return {
      verdict: "not_enough_data",
      text: `Not enough learning yet to say: a day needs at least ${CONVERGENCE_MIN_UPDATES} Q updates and ${CONVERGENCE_MIN_STATES} returning states.`,
    }
  }
  const before = usable.slice(-4, -1)
  const meanBefore = (pick: (d: ConvergenceDay) => number | null) => {
    const xs = before.map(pick).filter((x): x is number => x !== null)
    return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null
  }
  const deltaBefore = meanBefore((d) => d.mean_abs_delta_q)
  const shareBefore = meanBefore((d) => d.greedy_changed_share)
  const share = last.greedy_changed_share
  const jumped = deltaBefore !== null && deltaBefore > 0 && last.mean_abs_delta_q > 2 * deltaBefore
  const wasStable = shareBefore !== null && shareBefore <= STABLE_GREEDY_SHARE
  if ((wasStable && share > DRIFT_GREEDY_SHARE) || (jumped && wasStable)) {
    return {
      verdict: "drifting",
      text:
        `Drifting after a change: ${pct(share)} of returning states switched strategy on ${last.day}` +
        (jumped ? `, and the Q updates grew ${(last.mean_abs_delta_q / deltaBefore!).toFixed(1)}×` : "") +
        ". Shoppers, prices or the reward settings may have changed.",
    }
  }
  const growing = deltaBefore !== null && last.mean_abs_delta_q > 1.25 * deltaBefore
  if (share <= STABLE_GREEDY_SHARE && !growing) {
    return {
      verdict: "settling",
      text: `Settling: ${pct(1 - share)} of returning states kept their strategy on ${last.day}, and the Q updates are not growing.`,
    }
  }
  return {
    verdict: "still_moving",
    text: `Still moving: ${pct(share)} of returning states switched strategy on ${last.day}` + (growing ? " and the Q updates are growing." : "."),
  }
}
