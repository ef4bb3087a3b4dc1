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

/** The trailing window of the Q variance and of the greedy comparison (the rollup's CONVERGENCE_WINDOW_DAYS). */
export const CONVERGENCE_WINDOW_DAYS = 7

const DAY_MS = 86_400_000
const dayOf = (at: number) => Math.floor(at / DAY_MS)
const isoDay = (d: number) => new Date(d * DAY_MS).toISOString().slice(0, 10)

interface DayTally {
  decisions: number
  explored: number
  epsilonSum: number
  /** Each state's greedy strategy at its last decision of the day. */
  greedy: Map<string, string>
  updates: number
  deltaSum: number
  rewards: number
  rewardSum: number
  rewardSquares: number
}

/**
 * The same indicators, recorded while an agent learns offline (the
 * evaluation's replay of the history), so a trained model arrives with its
 * training's days: a decision, a Q update and a reward at a time each.
 */
export class ConvergenceRecorder {
  protected days = new Map<number, DayTally>()
  protected cellValues = new Map<string, number>()
  /** Per day, the values each cell took (for the trailing variance). */
  protected values = new Map<number, Map<string, number[]>>()

  protected tally(at: number): DayTally {
    const d = dayOf(at)
    let t = this.days.get(d)
    if (!t) {
      t = { decisions: 0, explored: 0, epsilonSum: 0, greedy: new Map(), updates: 0, deltaSum: 0, rewards: 0, rewardSum: 0, rewardSquares: 0 }
      this.days.set(d, t)
    }
    return t
  }

  decision(at: number, stateKey: string, q: Readonly<Record<string, number>>, explored: boolean, epsilon: number): void {
    const t = this.tally(at)
    t.decisions++
    if (explored) t.explored++
    t.epsilonSum += epsilon
    // argmax, ties to the first key in name order (as the rollup's SQL)
    let best: string | null = null
    for (const [s, v] of Object.entries(q)) if (best === null || v > q[best] || (v === q[best] && s < best)) best = s
    if (best !== null) t.greedy.set(stateKey, best)
  }

  /** Q(state, strategy) moved to `after`; `before` is what the update read (the cell, or the prior for a new one). */
  update(at: number, cell: string, before: number, after: number): void {
    const t = this.tally(at)
    t.updates++
    t.deltaSum += Math.abs(after - (this.cellValues.get(cell) ?? before))
    this.cellValues.set(cell, after)
    const d = dayOf(at)
    let cells = this.values.get(d)
    if (!cells) this.values.set(d, (cells = new Map()))
    const list = cells.get(cell)
    if (list) list.push(after)
    else cells.set(cell, [after])
  }

  reward(at: number, value: number): void {
    const t = this.tally(at)
    t.rewards++
    t.rewardSum += value
    t.rewardSquares += value * value
  }

  /** The recorded days, oldest first (`model_version` 0: the store's load gives the version). */
  result(modelVersion = 0): ConvergenceDay[] {
    const order = [...this.days.keys()].sort((a, b) => a - b)
    const lastGreedy = new Map<string, { day: number; greedy: string }>()
    return order.map((d) => {
      const t = this.days.get(d)!
      let compared = 0
      let changed = 0
      for (const [state, greedy] of t.greedy) {
        const prev = lastGreedy.get(state)
        if (prev && d - prev.day <= CONVERGENCE_WINDOW_DAYS) {
          compared++
          if (prev.greedy !== greedy) changed++
        }
        lastGreedy.set(state, { day: d, greedy })
      }
      // cells updated in the trailing week: the variance of the values each took there, averaged
      const window = new Map<string, number[]>()
      for (let w = d - CONVERGENCE_WINDOW_DAYS + 1; w <= d; w++) {
        for (const [cell, xs] of this.values.get(w) ?? []) {
          const list = window.get(cell)
          if (list) list.push(...xs)
          else window.set(cell, [...xs])
        }
      }
      let varianceSum = 0
      for (const xs of window.values()) {
        const mean = xs.reduce((a, b) => a + b, 0) / xs.length
        varianceSum += xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length
      }
      const rewardMean = t.rewards ? t.rewardSum / t.rewards : null
      return {
        day: isoDay(d),
        model_version: modelVersion,
        decisions: t.decisions,
        updates: t.updates,
        mean_abs_delta_q: t.updates ? t.deltaSum / t.updates : null,
        q_variance: t.updates && window.size ? varianceSum / window.size : null,
        states_compared: compared,
        greedy_changed_share: compared ? changed / compared : null,
        exploration_rate: t.decisions ? t.explored / t.decisions : null,
        epsilon: t.decisions ? t.epsilonSum / t.decisions : null,
        rewards: t.rewards,
        reward_mean: rewardMean,
        // sample variance, as the rollup's var_samp
        reward_variance: t.rewards > 1 ? (t.rewardSquares - t.rewards * rewardMean! ** 2) / (t.rewards - 1) : null,
      }
    })
  }
}
