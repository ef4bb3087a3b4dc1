/**
 * The tabular Q-learning agent of the store, replayed offline: the same
 * state key, ε-greedy policy, ε decay, update rule and reward scheme, with
 * the Q-table in memory instead of Postgres.
 */
import { selectStrategy, type PolicyChoice, type QValues } from "../learning/policy"
import type { Rng } from "../learning/rng"
import { STRATEGIES, type Strategy } from "../learning/strategies"
import { PRIOR_STATE_KEY } from "../learning/state"
import { priorAwareUpdate, type PriorAwareValues } from "../learning/update"
import type { ConvergenceRecorder } from "../learning/convergence"

export interface AgentSettings {
  alpha: number
  gamma: number
  epsilon: number
  epsilonMin: number
  /** ε ← max(εmin, ε·decay) once per hour of replayed time, as the store's hourly job does. */
  epsilonDecay: number
  /** A customer's next basket within this many days is the next state; later or never ends the episode. */
  retentionDays: number
  /**
   * Unvisited (state, strategy) cells read the strategy's value over all
   * states instead of 0, so a rare state starts from what works on average.
   */
  prior: boolean
}

interface Cell {
  q: Float64Array
  n: Uint32Array
}

interface Pending {
  customer: string
  key: string
  action: number
  reward: number
  at: number
  live: boolean
}

const INDEX = new Map(STRATEGIES.map((s, i) => [s, i]))

export class ReplayAgent {
  readonly table = new Map<string, Cell>()
  readonly global: Cell = { q: new Float64Array(STRATEGIES.length), n: new Uint32Array(STRATEGIES.length) }
  epsilon: number
  protected lastHour: number | null = null
  protected pending = new Map<string, Pending>()
  protected queue: Pending[] = []
  protected head = 0
  updates = 0
  /** The replayed clock: when the update being learnt happens. */
  protected now = 0

  /** `convergence`: records the indicators a store rolls up, per replayed day (the shipped model's). */
  constructor(readonly settings: AgentSettings, readonly convergence?: ConvergenceRecorder) {
    this.epsilon = settings.epsilon
  }

  values(key: string): QValues {
    const cell = this.table.get(key)
    const q = {} as QValues
    STRATEGIES.forEach((s, i) => {
      if (cell && cell.n[i] > 0) q[s] = cell.q[i]
      else q[s] = this.settings.prior ? this.global.q[i] : 0
    })
    return q
  }

  protected tick(at: number): void {
    const hour = Math.floor(at / 3_600_000)
    if (this.lastHour !== null && hour > this.lastHour) {
      const { epsilonMin, epsilonDecay } = this.settings
      this.epsilon = Math.max(epsilonMin, this.epsilon * Math.pow(epsilonDecay, hour - this.lastHour))
    }
    this.lastHour = hour
  }

  /** Resolves transitions whose next state can no longer come (the window passed). */
  protected expire(at: number): void {
    const horizon = this.settings.retentionDays * 86_400_000
    while (this.head < this.queue.length && this.queue[this.head].at + horizon < at) {
      const p = this.queue[this.head++]
      if (p.live) this.resolve(p, null)
    }
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head)
      this.head = 0
    }
  }

  protected resolve(p: Pending, nextKey: string | null): void {
    p.live = false
    if (this.pending.get(p.customer) === p) this.pending.delete(p.customer)
    this.learn(p.key, p.action, p.reward, nextKey)
  }

  /** This state's cells and the prior row, as the shared update rule reads them. */
  protected priorAware(key: string): PriorAwareValues {
    const cell = this.table.get(key)
    const values: PriorAwareValues = { cell: {}, prior: {} }
    STRATEGIES.forEach((s, i) => {
      if (cell && cell.n[i] > 0) values.cell[s] = cell.q[i]
      // with the ablation's prior off, untried cells read 0 and start from 0
      if (this.settings.prior && this.global.n[i] > 0) values.prior[s] = this.global.q[i]
    })
    return values
  }

  protected learn(key: string, action: number, reward: number, nextKey: string | null): void {
    const { alpha, gamma } = this.settings
    const strategy = STRATEGIES[action]
    const state = this.priorAware(key)
    // the rule the store's SQL applies (src/learning/update.ts); no next state ends the episode
    const next = nextKey !== null && gamma > 0 ? this.priorAware(nextKey) : null
    const u = priorAwareUpdate(state, strategy, reward, next, alpha, gamma, next === null)
    let cell = this.table.get(key)
    if (!cell) {
      cell = { q: new Float64Array(STRATEGIES.length), n: new Uint32Array(STRATEGIES.length) }
      this.table.set(key, cell)
    }
    const before = cell.n[action] > 0 ? cell.q[action] : state.prior[strategy] ?? 0
    cell.q[action] = u.q
    cell.n[action]++
    this.convergence?.update(this.now, `${key}|${strategy}`, before, u.q)
    // the prior row learns like any cell, from 0 (as the store's "*" row does), prior switched off or not
    const g = this.global
    g.q[action] = g.q[action] + alpha * (u.target - g.q[action])
    g.n[action]++
    this.updates++
  }

  /**
   * The customer's previous transition gets this state as its next state;
   * then the policy picks a strategy for it.
   */
  act(customer: string, key: string, at: number, rng: Rng): PolicyChoice {
    this.now = at
    this.tick(at)
    this.expire(at)
    const prev = this.pending.get(customer)
    if (prev?.live) this.resolve(prev, key)
    const values = this.values(key)
    const choice = selectStrategy(values, this.epsilon, rng)
    this.convergence?.decision(at, key, values, choice.explored, this.epsilon)
    return choice
  }

  /** The outcome of the decision just taken: learnt at once (γ = 0) or when the next state is known. */
  reward(customer: string, key: string, strategy: Strategy, reward: number, at: number): void {
    this.now = at
    this.convergence?.reward(at, reward)
    const action = INDEX.get(strategy)!
    if (this.settings.gamma === 0) {
      this.learn(key, action, reward, null)
      return
    }
    const p: Pending = { customer, key, action, reward, at, live: true }
    this.pending.set(customer, p)
    this.queue.push(p)
  }

  /** Ends every open episode (end of the replay). */
  flush(): void {
    for (let i = this.head; i < this.queue.length; i++) if (this.queue[i].live) this.resolve(this.queue[i], null)
    this.queue = []
    this.head = 0
  }

  /**
   * The Q-table as (state, strategy, value, visits) rows, for saving as a
   * store model — with the prior as the store's "*" rows, without which the
   * loaded agent would meet every unseen state at Q = 0 (a coin toss).
   */
  rows(): Array<{ state_key: string; strategy: Strategy; value: number; visits: number }> {
    const rows: Array<{ state_key: string; strategy: Strategy; value: number; visits: number }> = []
    for (const [key, cell] of this.table) {
      STRATEGIES.forEach((s, i) => {
        if (cell.n[i] > 0) rows.push({ state_key: key, strategy: s, value: cell.q[i], visits: cell.n[i] })
      })
    }
    if (this.settings.prior) {
      STRATEGIES.forEach((s, i) => {
        if (this.global.n[i] > 0) rows.push({ state_key: PRIOR_STATE_KEY, strategy: s, value: this.global.q[i], visits: this.global.n[i] })
      })
    }
    return rows
  }
}
