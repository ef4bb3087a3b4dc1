import { createHmac } from "crypto"
import Redis from "ioredis"
import { container as appContainer } from "@medusajs/framework"
import type {
  Context,
  IWorkflowEngineService,
  InferTypeOf,
  InternalModuleDeclaration,
  Logger,
} from "@medusajs/framework/types"
import {
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
  Modules,
  generateEntityId,
} from "@medusajs/framework/utils"
import { EVENT_JOBS, REWARD_JOB_WORKFLOWS, eventJobId } from "./job-workflows"
import {
  createSnapshotSql,
  decayEpsilonSql,
  deleteDecisionsOlderThanSql,
  pruneQTableSql,
  pruneSnapshotsSql,
  rollupMetricsSql,
} from "./maintenance"
import { MicroBatcher } from "./micro-batcher"
import {
  loadBasketsSql,
  fitPurchaseLowBandsSql,
  latestPurchaseAtSql,
  refreshCustomerProfilesSql,
  replaceCoPurchasesSql,
  refreshProductStatsSql,
  type PopularityWindow,
} from "./statistics"
import {
  activitySummarySql,
  customerProfileSql,
  decisionLogSql,
  metricsSql,
  productInsightSql,
  type ActivitySummary,
  type CustomerProfileRow,
  type DecisionLogRow,
  type MetricsGroupBy,
  type MetricsRow,
  type ProductInsight,
} from "./insights"
export { METRICS_GROUP_BY, type DecisionLogRow, type MetricsGroupBy, type MetricsRow } from "./insights"
import { customerFeatures, historyClock } from "../../learning/profile"
import { simulateFeedback, type SimulatedEvent, type SimulationResult } from "../../learning/simulate"
import { countOutboxSql, relayOutboxSql, storeInOutboxSql } from "./outbox"
import { whenReady } from "./redis-util"
import { RateLimiter, type RateLimitResult, type RateLimitedRoute } from "./rate-limiter"
import { RewardQueue, type FailedJob, type QueueCounts, type RewardJobName } from "./reward-queue"
import { STORE_RELEVANCE_OPTIONS, fitRp3beta } from "../../learning/item-models"
import { createRng, type Rng } from "../../learning/rng"
import { selectStrategy, type PolicyChoice } from "../../learning/policy"
import { DEFAULT_STATE_MODEL, PRIOR_STATE_KEY, stateKey, type StateContext, type StateModel } from "../../learning/state"
import { STRATEGIES, type Strategy } from "../../learning/strategies"
import { rewardUpdatesQ, rewardValue, type RewardKind } from "../../learning/reward"
import RlAgent from "./models/agent"
import RlDecision from "./models/decision"
import RlCoPurchase from "./models/co-purchase"
import RlCustomerProfile from "./models/customer-profile"
import RlEvaluation from "./models/evaluation"
import RlImportRun from "./models/import-run"
import RlProductStat from "./models/product-stat"
import RlMetricHourly from "./models/metric-hourly"
import RlOutbox from "./models/outbox"
import RlPurchase from "./models/purchase"
import RlQValue from "./models/q-value"
import RlReward from "./models/reward"
import RlSnapshot from "./models/snapshot"
import RlSnapshotValue from "./models/snapshot-value"
import { resolveOptions, type RlPluginOptions, type RlResolvedOptions, type StoreDefaults } from "./types"

export type DependencyStatus = {
  status: "ok" | "down" | "not_configured"
  latency_ms?: number
  error?: string
}

export type RlAgentDTO = InferTypeOf<typeof RlAgent>
export type RlDecisionDTO = InferTypeOf<typeof RlDecision>

type InjectedDependencies = {
  logger: Logger
}

export const DEFAULT_AGENT_NAME = "default"
/**
 * The Q-table row every learning reward also updates, whatever its state: a
 * strategy's value over all states. A state's untried strategy reads it, and
 * a new cell starts from it, so a rare state acts on what works on average
 * instead of a coin toss (offline: HitRate@10 0.43 without, 0.72 with).
 */
export { PRIOR_STATE_KEY }
export { agentParameters } from "./agent-parameters"

/** Everything the policy needs, read in one place per request. */
export interface AgentDecision {
  agent: RlAgentDTO
  stateKey: string
  choice: PolicyChoice
}

export interface ApplyRewardInput {
  decision_id: string
  kind: RewardKind
  /** Idempotency key: the same (decision, kind, source) applies once. */
  source_event_id: string
  product_id?: string | null
  /** Revenue in major units, for the `revenue` kind. */
  revenue?: number
  /** Ends the episode: the update uses r alone. */
  terminal?: boolean
  /** Overrides the scheme's value (claw-backs take back exactly what was earned). */
  value?: number
  /** Money behind the reward, major units (negative when taken back). */
  amount?: number | null
}

export interface ApplyRewardResult {
  /** False when this (decision, kind, source) had already been applied. */
  applied: boolean
  reward_id: string | null
  value: number
  q_after: number | null
  next_state_key: string | null
}

/** A customer's stored profile, as the state and `personalized` read it. */
export interface CustomerHistory {
  orders: number
  units: number
  lowBandUnits: number
  lastPurchaseAt: Date | null
  /** Up to 20 product ids, bought in the most orders first. */
  topProductIds: string[]
}




export interface StatisticsRefresh {
  products: number
  co_purchases: number
  profiles: number
  duration_ms: number
}

type SqlManager = { execute: (sql: string, bindings?: unknown[]) => Promise<any[]> }

// one connection handle per module instance (keyed by its repository): see sqlFor_
const hotConnections = new WeakMap<object, SqlManager>()

function managerOf(ctx: Context): SqlManager {
  const m = (ctx.transactionManager ?? ctx.manager) as SqlManager | undefined
  if (!m) {
    throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "rl-agent: no database manager in context")
  }
  return m
}

export default class RlAgentModuleService extends MedusaService({
  RlAgent,
  RlQValue,
  RlDecision,
  RlReward,
  RlPurchase,
  RlSnapshot,
  RlSnapshotValue,
  RlMetricHourly,
  RlImportRun,
  RlProductStat,
  RlCoPurchase,
  RlCustomerProfile,
  RlEvaluation,
  RlOutbox,
}) {
  protected readonly options_: RlResolvedOptions
  protected readonly logger_: Logger
  protected redis_: Redis | null = null
  protected rateLimiter_: RateLimiter | null = null
  protected outboxWarned_ = false
  // a job was kept in the outbox since the last relay (start: maybe one a previous run kept)
  protected outboxKept_ = true
  protected outboxTimer_: NodeJS.Timeout | null = null
  protected readonly queue_: RewardQueue
  // reward jobs held by the worker at once are applied as one statement per batch
  protected readonly rewardBatcher_ = new MicroBatcher<ApplyRewardInput, ApplyRewardResult>(
    (inputs) => this.applyRewardBatch(inputs),
    250,
    5
  )

  __hooks = {
    onApplicationStart: async () => {
      await this.queue_.start()
      this.startOutboxRelay_()
    },
    onApplicationShutdown: async () => {
      if (this.outboxTimer_) clearInterval(this.outboxTimer_)
      this.outboxTimer_ = null
      await this.queue_.close()
      await this.redis_?.quit().catch(() => this.redis_?.disconnect())
      this.redis_ = null
    },
  }

  constructor(
    deps: InjectedDependencies,
    options: RlPluginOptions = {},
    moduleDeclaration?: InternalModuleDeclaration
  ) {
    // @ts-ignore MedusaService takes the container and module declaration as arguments
    super(...arguments)
    this.logger_ = deps.logger
    this.options_ = resolveOptions(options)
    const o = this.options_
    this.queue_ = new RewardQueue(
      {
        redisUrl: o.redisUrl,
        queueName: o.queueName,
        prefix: o.queuePrefix,
        attempts: o.jobAttempts,
        backoffMs: o.jobBackoffMs,
        concurrency: o.workerConcurrency,
        rewardConcurrency: o.rewardWorkerConcurrency,
        // Medusa runs subscribers and jobs in `shared` and `worker` processes only
        runWorker: moduleDeclaration?.worker_mode !== "server",
        stalledIntervalMs: o.stalledIntervalMs,
      },
      (name, data) => this.processJob_(name, data),
      this.logger_
    )
  }

  /** Starts the worker (Medusa calls this on application start). */
  async startQueue(): Promise<void> {
    await this.queue_.start()
  }

  /**
   * Every process that enqueues also relays its outbox: each interval, when
   * the queue is reachable, whatever waits there moves to the queue.
   */
  protected startOutboxRelay_(): void {
    if (this.queue_.mode !== "bullmq" || this.outboxTimer_) return
    let running = false
    // the table is read when this process kept a job since the last relay, and otherwise once a
    // minute (jobs a process that died kept): no query every interval while nothing is waiting
    const sweepEvery = Math.max(1, Math.round(60_000 / this.options_.outboxRelayIntervalMs))
    let ticks = 0
    this.outboxTimer_ = setInterval(async () => {
      ticks++
      if (running || !this.queue_.isAvailable()) return
      if (!this.outboxKept_ && ticks % sweepEvery !== 0) return
      running = true
      try {
        this.outboxKept_ = false
        await this.relayOutbox()
        // a relay stopped by a failure leaves jobs behind: try again next interval
        if ((await this.countOutbox()) > 0) this.outboxKept_ = true
      } catch (e) {
        this.outboxKept_ = true
        this.logger_?.warn(`rl-agent: outbox relay failed, will retry: ${(e as Error).message}`)
      } finally {
        running = false
      }
    }, this.options_.outboxRelayIntervalMs)
    this.outboxTimer_.unref()
  }

  async closeQueue(): Promise<void> {
    await this.queue_.close()
  }

  /**
   * Enqueues a reward job; the job id makes a repeated event one job. With
   * Redis away the job goes to the Postgres outbox instead, and is enqueued
   * when Redis answers again. Says where it went.
   */
  async enqueueJob(
    name: RewardJobName,
    data: unknown,
    opts: { jobId: string; delayMs?: number; attempts?: number }
  ): Promise<"queue" | "outbox"> {
    try {
      await this.queue_.enqueue(name, data, opts)
      return "queue"
    } catch (e) {
      if (this.queue_.mode !== "bullmq") throw e
      await this.storeInOutbox_(name, data, opts, e as Error)
      return "outbox"
    }
  }

  /** Turns a Medusa event into its reward job (what every subscriber does). */
  async enqueueEvent(event: { name: string; data: any; metadata?: Record<string, unknown> }): Promise<"queue" | "outbox"> {
    const job = EVENT_JOBS[event.name]
    if (!job) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `No reward job for event ${event.name}`)
    }
    return this.enqueueJob(job, event.data, { jobId: eventJobId(event) })
  }

  /** False while the reward queue's Redis is unreachable: recommendations are then served "degraded". */
  isQueueAvailable(): boolean {
    return this.queue_.isAvailable()
  }

  @InjectManager()
  protected async storeInOutbox_(
    name: RewardJobName,
    data: unknown,
    opts: { jobId: string; delayMs?: number; attempts?: number },
    error: Error,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    if (!this.outboxWarned_) {
      this.logger_.warn(`rl-agent: the reward queue is unreachable (${error.message}); keeping jobs in the Postgres outbox until it is back`)
      this.outboxWarned_ = true
    }
    this.outboxKept_ = true
    await storeInOutboxSql(managerOf(sharedContext), { name, data, ...opts }, error.message)
  }

  /**
   * Moves outbox jobs to the queue, oldest first, a batch at a time, under
   * their own job ids (a job enqueued twice is one job); delayed jobs keep
   * their due time. Stops at the first failure. Returns how many moved.
   */
  @InjectManager()
  async relayOutbox(batchSize = 500, @MedusaContext() sharedContext: Context = {}): Promise<number> {
    if (this.queue_.mode !== "bullmq") return 0
    const moved = await relayOutboxSql(
      managerOf(sharedContext),
      (job) => this.queue_.enqueue(job.name as RewardJobName, job.data, job),
      batchSize
    )
    if (moved) {
      this.logger_.info(`rl-agent: moved ${moved} jobs from the outbox to the reward queue`)
      this.outboxWarned_ = false
    }
    return moved
  }

  /** Jobs waiting in the outbox. */
  @InjectManager()
  async countOutbox(@MedusaContext() sharedContext: Context = {}): Promise<number> {
    return countOutboxSql(managerOf(sharedContext))
  }

  async removeJob(jobId: string): Promise<void> {
    await this.queue_.remove(jobId)
  }

  async getQueueCounts(): Promise<QueueCounts> {
    return this.queue_.counts()
  }

  async listFailedJobs(offset = 0, limit = 50): Promise<{ count: number; jobs: FailedJob[] }> {
    return this.queue_.failed(offset, limit)
  }

  async retryFailedJobs(ids?: string[]): Promise<number> {
    return this.queue_.retryFailed(ids)
  }

  async drainQueue(timeoutMs?: number, includeDelayed = false): Promise<void> {
    await this.queue_.drain(timeoutMs, includeDelayed)
  }

  protected async processJob_(name: RewardJobName, data: any): Promise<unknown> {
    if (name === "reward") {
      return this.rewardBatcher_.push(data as ApplyRewardInput)
    }
    const workflowId = REWARD_JOB_WORKFLOWS[name]
    if (!workflowId) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Unknown reward job ${name}`)
    }
    const engine = appContainer.resolve<IWorkflowEngineService>(Modules.WORKFLOW_ENGINE)
    const { errors } = await engine.run(workflowId, { input: data, throwOnError: false })
    if (errors?.length) {
      const error = errors[0].error ?? new Error(`workflow ${workflowId} failed`)
      if (name === "import" && data?.run_id) {
        // the run records the failure (the admin's import panel shows it); it is not a reward job to retry:
        // a bad file stays bad, so the job ends here rather than in the failed set
        await this.failImportRun(data.run_id, error)
        return { failed: (error as Error).message ?? String(error) }
      }
      throw error
    }
  }

  getOptions(): RlResolvedOptions {
    return this.options_
  }

  /** Keyed hash of a customer id: decisions link to a customer without naming them. */
  hashCustomerId(customerId: string | null | undefined): string | null {
    if (!customerId) return null
    return createHmac("sha256", this.options_.customerHashSecret).update(customerId).digest("hex")
  }

  /** The agent row, created from the plugin options on first use (race-safe). */
  @InjectManager()
  async getAgent(
    name: string = DEFAULT_AGENT_NAME,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<RlAgentDTO> {
    const m = managerOf(sharedContext)
    const rows = await m.execute(
      `SELECT * FROM rl_agent WHERE name = ? AND deleted_at IS NULL LIMIT 1`,
      [name]
    )
    if (rows.length) return rows[0] as RlAgentDTO
    const o = this.options_
    await m.execute(
      `INSERT INTO rl_agent (id, name, epsilon, epsilon_min, epsilon_decay, alpha, gamma, episode_count,
         model_version, state_model, learning_enabled, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0, 1, ?::jsonb, true, now(), now())
       ON CONFLICT (name) WHERE deleted_at IS NULL DO NOTHING`,
      [
        generateEntityId(undefined, "rlag"),
        name,
        o.epsilon,
        o.epsilonMin,
        o.epsilonDecay,
        o.learningRate,
        o.discountFactor,
        JSON.stringify(DEFAULT_STATE_MODEL),
      ]
    )
    const created = await m.execute(
      `SELECT * FROM rl_agent WHERE name = ? AND deleted_at IS NULL LIMIT 1`,
      [name]
    )
    return created[0] as RlAgentDTO
  }

  /** Q of the six strategies in one state: one indexed query. */
  async getQValues(
    modelVersion: number,
    key: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Partial<Record<Strategy, number>>> {
    // the state's row and the prior row in one indexed read; a strategy the state has not tried reads the prior
    const rows = await this.sqlFor_(sharedContext).execute(
      `SELECT state_key, strategy, value FROM rl_q_value
        WHERE model_version = ? AND state_key IN (?, ?) AND deleted_at IS NULL`,
      [modelVersion, key, PRIOR_STATE_KEY]
    )
    const q: Partial<Record<Strategy, number>> = {}
    for (const r of rows) if (r.state_key === PRIOR_STATE_KEY) q[r.strategy as Strategy] = Number(r.value)
    if (key !== PRIOR_STATE_KEY) {
      for (const r of rows) if (r.state_key === key) q[r.strategy as Strategy] = Number(r.value)
    }
    return q
  }

  /**
   * Chooses a strategy for a shopper's state by ε-greedy over the stored Q
   * values. `seed` makes the draw reproducible (tests, offline replays).
   */
  async decide(
    context: StateContext,
    opts: { seed?: number; rng?: Rng; strategy?: Strategy } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<AgentDecision> {
    // the per-second cached row: every recommendation needs it, an admin change shows within a second
    const agent = await this.learningAgent_(sharedContext)
    const key = stateKey(context, (agent.state_model as unknown as StateModel) ?? DEFAULT_STATE_MODEL)
    const q = await this.getQValues(agent.model_version, key, sharedContext)
    const choice = selectStrategy(q, agent.epsilon, opts.rng ?? createRng(opts.seed))
    return { agent, stateKey: key, choice }
  }

  /**
   * Statements on the shared connection, without forking an entity manager
   * per call (what @InjectManager does): for the per-request reads and the
   * decision insert, which need no unit of work. A caller's transaction, when
   * there is one, is used instead.
   */
  protected sqlFor_(sharedContext: Context): SqlManager {
    if (sharedContext.transactionManager || sharedContext.manager) return managerOf(sharedContext)
    const repository = (this as any).baseRepository_
    let sql = hotConnections.get(repository)
    if (!sql) {
      const connection = repository.getFreshManager().getConnection()
      sql = { execute: (text: string, bindings: unknown[] = []) => connection.execute(text, bindings, "all") }
      hotConnections.set(repository, sql)
    }
    return sql
  }

  /**
   * Writes a decision log row: one INSERT, without the ORM's entity
   * machinery (the hottest write of the store). Returns its id.
   */
  async logDecision(
    row: {
      customer_hash: string | null
      cart_id: string | null
      session_id: string | null
      region_id: string | null
      currency_code: string | null
      features: Record<string, unknown>
      state_key: string
      strategy: Strategy
      explored: boolean
      propensity: number
      epsilon: number
      q_values: Record<string, number>
      products: unknown[]
      product_ids: string[]
      fallback: string | null
      model_version: number
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string }> {
    const id = generateEntityId(undefined, "rldec")
    await this.sqlFor_(sharedContext).execute(
      `INSERT INTO rl_decision (id, customer_hash, cart_id, session_id, region_id, currency_code, features, state_key,
         strategy, explored, propensity, epsilon, q_values, products, product_ids, fallback, model_version, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb,
               ARRAY(SELECT jsonb_array_elements_text(?::jsonb)), ?, ?, now(), now())`,
      [
        id,
        row.customer_hash,
        row.cart_id,
        row.session_id,
        row.region_id,
        row.currency_code,
        JSON.stringify(row.features),
        row.state_key,
        row.strategy,
        row.explored,
        row.propensity,
        row.epsilon,
        JSON.stringify(row.q_values),
        JSON.stringify(row.products),
        // one JSON binding: the query builder would spread an array into a list
        JSON.stringify(row.product_ids),
        row.fallback,
        row.model_version,
      ]
    )
    return { id }
  }

  /**
   * The agent's learning parameters, re-read at most once a second: every
   * reward needs α, γ and learning on/off, and an admin change reaching the
   * workers within a second is soon enough.
   */
  protected agentCache_: { at: number; agent: RlAgentDTO } | null = null

  /** The generated update, and this process sees the change at once (others within a second). */
  // @ts-expect-error narrows MedusaService's generated overloads to the ones this module uses
  async updateRlAgents(...args: Parameters<RlAgentModuleService["updateRlAgents"]>) {
    this.agentCache_ = null
    // @ts-expect-error forwards the overloaded arguments unchanged
    const updated = await super.updateRlAgents(...args)
    this.agentCache_ = null
    return updated
  }
  protected async learningAgent_(sharedContext: Context): Promise<RlAgentDTO> {
    const now = Date.now()
    if (this.agentCache_ && now - this.agentCache_.at < 1000) return this.agentCache_.agent
    const agent = await this.getAgent(DEFAULT_AGENT_NAME, sharedContext)
    this.agentCache_ = { at: now, agent }
    return agent
  }

  /** Records one reward and applies its Q update: a batch of one. */
  async applyReward(input: ApplyRewardInput, sharedContext: Context = {}): Promise<ApplyRewardResult> {
    const [result] = await this.applyRewardBatch([input], sharedContext)
    if (result instanceof Error) throw result
    return result
  }

  /**
   * Records rewards and applies their Q updates in ONE statement, so every
   * reward commits together with its update or not at all. A reward row is
   * unique per (decision, kind, source event): a repeated reward inserts
   * nothing and so updates nothing, and a retried job cannot apply twice.
   *
   * Q(s,a) ← Q(s,a) + α·(r + γ·maxₐ' Q(s',a') − Q(s,a)). The n rewards of a
   * batch that hit the same Q cell compose exactly as if applied one after
   * another: Q_n = Q·(1−α)ⁿ + α·Σₖ (1−α)ⁿ⁻ᵏ·targetₖ, written as one upsert
   * whose ON CONFLICT … DO UPDATE locks the row and reads its latest
   * committed value, so concurrent workers serialise and lose nothing.
   *
   * s' is the state of the next decision served on the same cart (the
   * episode); until there is one the shopper is still where the decision
   * was made, so s' = s. Terminal rewards (order, abandonment) use r alone.
   * max over s' counts strategies without a row at their initial 0.
   *
   * Returns, per input, the result or the error for that input alone (an
   * unknown decision fails only its own reward).
   */
  @InjectManager()
  async applyRewardBatch(
    inputs: ApplyRewardInput[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Array<ApplyRewardResult | MedusaError>> {
    if (!inputs.length) return []
    const m = managerOf(sharedContext)
    const agent = await this.learningAgent_(sharedContext)
    const rows = inputs.map((input, idx) => {
      const value = input.value ?? rewardValue(input.kind, this.options_.rewards, input.revenue ?? 0)
      const amount = input.amount ?? (input.kind === "revenue" ? input.revenue ?? null : null)
      return {
        idx,
        reward_id: generateEntityId(undefined, "rlrew"),
        decision_id: input.decision_id,
        kind: input.kind,
        value,
        amount,
        source_event_id: input.source_event_id,
        product_id: input.product_id ?? null,
        terminal: !!input.terminal,
        learn: rewardUpdatesQ(input.kind) && agent.learning_enabled,
      }
    })
    const results: Array<ApplyRewardResult | MedusaError> = new Array(inputs.length)
    const valid = rows.filter((r) => {
      // a NaN or infinite reward would poison Q(s,a) for good: refuse it before any write
      const ok = Number.isFinite(r.value) && (r.amount === null || Number.isFinite(r.amount))
      if (!ok) {
        results[r.idx] = new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `Reward ${r.kind} for ${r.decision_id} is not a finite number (value ${r.value}, amount ${r.amount})`
        )
      }
      return ok
    })
    if (!valid.length) return results

    const out = await m.execute(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset(?::jsonb) AS x(
           idx int, reward_id text, decision_id text, kind text, value float8, amount float8,
           source_event_id text, product_id text, terminal boolean, learn boolean)
       ), d AS (
         SELECT i.*, dec.cart_id, dec.state_key, dec.strategy, dec.model_version, dec.created_at AS decided_at
           FROM input i JOIN rl_decision dec ON dec.id = i.decision_id AND dec.deleted_at IS NULL
       ), nxt AS (
         SELECT d.idx, CASE WHEN d.terminal THEN NULL ELSE coalesce(
           (SELECT n.state_key FROM rl_decision n
             WHERE d.cart_id IS NOT NULL AND n.cart_id = d.cart_id AND n.deleted_at IS NULL
               AND (n.created_at, n.id) > (d.decided_at, d.decision_id)
             ORDER BY n.created_at, n.id LIMIT 1),
           d.state_key) END AS next_key
           FROM d
       ), ins AS (
         INSERT INTO rl_reward (id, decision_id, kind, value, amount, source_event_id, product_id,
           next_state_key, terminal, created_at, updated_at)
         SELECT d.reward_id, d.decision_id, d.kind, d.value, d.amount, d.source_event_id, d.product_id,
                nxt.next_key, d.terminal, now(), now()
           FROM d JOIN nxt ON nxt.idx = d.idx
          -- one lock order for every batch: concurrent batches cannot deadlock
          ORDER BY d.decision_id, d.kind, d.source_event_id, d.idx
         ON CONFLICT (decision_id, kind, source_event_id) WHERE deleted_at IS NULL DO NOTHING
         RETURNING id
       ), base AS (
         -- rewards one event earns together (an order's conversion and revenue) are one transition:
         -- one update with their sum, as the reward scheme adds them
         SELECT min(d.idx) AS idx, d.model_version, d.state_key, d.strategy,
                sum(d.value) + CASE WHEN bool_or(d.terminal) THEN 0 ELSE ?::float8 * (
                  -- max over the six strategies of s', an untried one at its prior (or 0)
                  SELECT max(coalesce(q.value, p.value, 0))
                    FROM unnest(string_to_array(?, ',')) AS s(strategy)
                    LEFT JOIN rl_q_value q ON q.model_version = d.model_version AND q.state_key = nxt.next_key
                         AND q.strategy = s.strategy AND q.deleted_at IS NULL
                    LEFT JOIN rl_q_value p ON p.model_version = d.model_version AND p.state_key = ?
                         AND p.strategy = s.strategy AND p.deleted_at IS NULL
                ) END AS target
           FROM d JOIN nxt ON nxt.idx = d.idx JOIN ins ON ins.id = d.reward_id
          WHERE d.learn
          GROUP BY d.decision_id, d.source_event_id, d.model_version, d.state_key, d.strategy, nxt.next_key
       ), cells AS (
         -- every reward moves its own cell and the strategy's prior row
         SELECT * FROM base
         UNION ALL
         SELECT idx, model_version, ?::text AS state_key, strategy, target FROM base WHERE state_key <> ?
       ), targets AS (
         SELECT c.*, row_number() OVER w AS k,
                count(*) OVER (PARTITION BY c.model_version, c.state_key, c.strategy) AS n
           FROM cells c
         WINDOW w AS (PARTITION BY c.model_version, c.state_key, c.strategy ORDER BY c.idx)
       ), agg AS (
         SELECT t.model_version, t.state_key, t.strategy, max(t.n)::int AS n,
                sum(?::float8 * power(1 - ?::float8, t.n - t.k) * t.target) AS c,
                -- what a new cell starts from: the prior as it stood before this statement
                CASE WHEN t.state_key = ? THEN 0 ELSE coalesce(max(p.value), 0) END AS start
           FROM targets t
           LEFT JOIN rl_q_value p ON p.model_version = t.model_version AND p.state_key = ?
                AND p.strategy = t.strategy AND p.deleted_at IS NULL
          GROUP BY t.model_version, t.state_key, t.strategy
       ), up AS (
         INSERT INTO rl_q_value (id, model_version, state_key, strategy, value, visits, last_visited_at,
           created_at, updated_at)
         SELECT 'rlq_' || replace(gen_random_uuid()::text, '-', ''), model_version, state_key, strategy,
                start * power(1 - ?::float8, n) + c, n, now(), now(), now()
           FROM agg
          ORDER BY model_version, state_key, strategy
         ON CONFLICT (model_version, state_key, strategy) WHERE deleted_at IS NULL
         -- an existing cell continues from its own value: take the start term back out of EXCLUDED.value
         DO UPDATE SET value = (rl_q_value.value - (
                         SELECT a.start FROM agg a WHERE a.model_version = EXCLUDED.model_version
                            AND a.state_key = EXCLUDED.state_key AND a.strategy = EXCLUDED.strategy
                       )) * power(1 - ?::float8, EXCLUDED.visits) + EXCLUDED.value,
                       visits = rl_q_value.visits + EXCLUDED.visits,
                       last_visited_at = now(),
                       updated_at = now()
         RETURNING model_version, state_key, strategy, value
       ), episodes AS (
         -- counted in the same statement as the episode_end rows, so readers never see one without the other
         UPDATE rl_agent SET episode_count = episode_count + x.n
           FROM (SELECT count(*)::int AS n FROM input i JOIN ins ON ins.id = i.reward_id
                  WHERE i.kind = 'episode_end') x
          WHERE rl_agent.id = ? AND x.n > 0
         RETURNING rl_agent.id
       )
       SELECT i.idx, d.idx IS NOT NULL AS found, ins.id IS NOT NULL AS inserted, nxt.next_key,
              t.model_version, t.state_key, t.strategy, t.target, t.k::int AS k, t.n::int AS n, agg.c, up.value AS q_final
         FROM input i
         LEFT JOIN d ON d.idx = i.idx
         LEFT JOIN nxt ON nxt.idx = i.idx
         LEFT JOIN ins ON ins.id = i.reward_id
         LEFT JOIN targets t ON t.idx = i.idx AND t.state_key = d.state_key
         LEFT JOIN agg ON agg.model_version = t.model_version AND agg.state_key = t.state_key AND agg.strategy = t.strategy
         LEFT JOIN up ON up.model_version = t.model_version AND up.state_key = t.state_key AND up.strategy = t.strategy
        ORDER BY i.idx`,
      [
        JSON.stringify(valid),
        agent.gamma,
        STRATEGIES.join(","),
        PRIOR_STATE_KEY,
        PRIOR_STATE_KEY,
        PRIOR_STATE_KEY,
        agent.alpha,
        agent.alpha,
        PRIOR_STATE_KEY,
        PRIOR_STATE_KEY,
        agent.alpha,
        agent.alpha,
        agent.id,
      ]
    )

    // Q after each reward, replayed from the cell's final value: the audit trail the dashboard shows
    const qAfter = new Map<number, number>()
    const decay = 1 - agent.alpha
    const groups = new Map<string, any[]>()
    for (const r of out) {
      if (r.k == null) continue
      const key = `${r.model_version}|${r.strategy}|${r.state_key}`
      groups.set(key, [...(groups.get(key) ?? []), r])
    }
    for (const members of groups.values()) {
      members.sort((a, b) => a.k - b.k)
      const { q_final, c, n } = members[0]
      let q = decay > 0 ? (Number(q_final) - Number(c)) / Math.pow(decay, n) : 0
      for (const r of members) {
        q = q * decay + agent.alpha * Number(r.target)
        qAfter.set(r.idx, r.k === n ? Number(q_final) : q)
      }
    }
    // the other rewards of a combined transition share its Q after
    const leads = new Map<string, number>()
    for (const r of [...out].sort((a, b) => a.idx - b.idx)) {
      const row = rows[r.idx]
      if (!r.inserted || !row.learn) continue
      const key = `${row.decision_id}|${row.source_event_id}`
      const lead = leads.get(key)
      if (lead === undefined) leads.set(key, r.idx)
      else if (qAfter.has(lead)) qAfter.set(r.idx, qAfter.get(lead)!)
    }
    const audit = [...qAfter.entries()].map(([idx, q]) => ({ id: rows[idx].reward_id, q }))
    if (audit.length) {
      await m.execute(
        `UPDATE rl_reward r SET q_after = v.q
           FROM jsonb_to_recordset(?::jsonb) AS v(id text, q float8) WHERE r.id = v.id`,
        [JSON.stringify(audit)]
      )
    }

    for (const r of out) {
      const row = rows[r.idx]
      if (!r.found) {
        results[r.idx] = new MedusaError(MedusaError.Types.NOT_FOUND, `Recommendation ${row.decision_id} was not found`)
        continue
      }
      results[r.idx] = {
        applied: !!r.inserted,
        reward_id: r.inserted ? row.reward_id : null,
        value: row.value,
        q_after: qAfter.get(r.idx) ?? null,
        next_state_key: r.next_key ?? null,
      }
    }
    return results
  }

  /** Q-table size for the current model version. */
  @InjectManager()
  async getTableStats(
    modelVersion: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ states: number; entries: number; last_visited_at: Date | null }> {
    const [row] = await managerOf(sharedContext).execute(
      `SELECT count(DISTINCT state_key)::int AS states, count(*)::int AS entries,
              max(last_visited_at) AS last_visited_at
         FROM rl_q_value WHERE model_version = ? AND deleted_at IS NULL`,
      [modelVersion]
    )
    return { states: row.states, entries: row.entries, last_visited_at: row.last_visited_at ?? null }
  }

  @InjectManager()
  async pingDatabase(@MedusaContext() sharedContext: Context = {}): Promise<DependencyStatus> {
    const started = Date.now()
    try {
      await managerOf(sharedContext).execute("SELECT 1")
      return { status: "ok", latency_ms: Date.now() - started }
    } catch (e) {
      return { status: "down", error: (e as Error).message }
    }
  }

  /**
   * A connection that fails fast instead of queueing commands while Redis is
   * away (health pings, rate limiting); opened on first use.
   */
  protected fastRedis_(timeoutMs = 1000): Redis | null {
    if (!this.options_.redisUrl) return null
    if (!this.redis_) {
      this.redis_ = new Redis(this.options_.redisUrl, {
        lazyConnect: true,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: timeoutMs,
      })
      // callers report the failure; without a listener ioredis logs it as unhandled
      this.redis_.on("error", () => undefined)
    }
    if (this.redis_.status === "wait" || this.redis_.status === "end") this.redis_.connect().catch(() => undefined)
    return this.redis_
  }

  /**
   * Counts a store request against the client's rate limit. Null when rate
   * limiting is off.
   */
  async consumeRateLimit(route: RateLimitedRoute, client: string): Promise<RateLimitResult | null> {
    if (!this.options_.rateLimit) return null
    this.rateLimiter_ ??= new RateLimiter(this.options_.rateLimit, this.options_.queuePrefix, () => this.fastRedis_())
    return this.rateLimiter_.consume(route, client)
  }

  /** PING on the fail-fast connection. */
  async pingRedis(timeoutMs = 1000): Promise<DependencyStatus> {
    const redis = this.fastRedis_(timeoutMs)
    if (!redis) return { status: "not_configured" }
    const started = Date.now()
    try {
      if (redis.status !== "ready") await whenReady(redis, timeoutMs)
      let timer: NodeJS.Timeout | undefined
      await Promise.race([
        redis.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
        }),
      ]).finally(() => clearTimeout(timer))
      return { status: "ok", latency_ms: Date.now() - started }
    } catch (e) {
      return { status: "down", error: (e as Error).message }
    }
  }

  /** Decisions served on a cart (oldest first), optionally only those since a time. */
  @InjectManager()
  async listCartDecisions(
    cartId: string,
    since?: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Array<{ id: string; created_at: Date; product_ids: string[]; customer_hash: string | null }>> {
    const rows = await managerOf(sharedContext).execute(
      `SELECT id, created_at, product_ids, customer_hash FROM rl_decision
        WHERE cart_id = ? AND deleted_at IS NULL AND created_at >= ?
        ORDER BY created_at, id`,
      [cartId, since ?? new Date(0)]
    )
    return rows.map((r) => ({ ...r, created_at: new Date(r.created_at) }))
  }

  /** What an order earned per decision (conversion + revenue values, revenue amount). */
  @InjectManager()
  async getEarnedByOrder(
    orderId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Array<{ decision_id: string; value: number; amount: number }>> {
    const rows = await managerOf(sharedContext).execute(
      `SELECT decision_id, sum(value)::float8 AS value, sum(coalesce(amount, 0))::float8 AS amount
         FROM rl_reward
        WHERE source_event_id = ? AND kind IN ('conversion', 'revenue') AND deleted_at IS NULL
        GROUP BY decision_id`,
      [`order|${orderId}`]
    )
    return rows.map((r) => ({ decision_id: r.decision_id, value: Number(r.value), amount: Number(r.amount) }))
  }

  /** Whether a decision earned engagement or conversion (then it was not abandoned). */
  @InjectManager()
  async hasPositiveOutcome(
    decisionId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const [row] = await managerOf(sharedContext).execute(
      `SELECT count(*)::int AS n FROM rl_reward
        WHERE decision_id = ? AND kind IN ('engagement', 'conversion') AND deleted_at IS NULL`,
      [decisionId]
    )
    return row.n > 0
  }

  /** A returning customer's previous visit: their latest decision on another cart in [since, before). */
  @InjectManager()
  async findRetentionDecision(
    customerId: string,
    excludeCartId: string,
    since: Date,
    before: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; cart_id: string } | null> {
    const [row] = await managerOf(sharedContext).execute(
      `SELECT id, cart_id FROM rl_decision
        WHERE customer_hash = ? AND cart_id IS NOT NULL AND cart_id <> ?
          AND created_at >= ? AND created_at < ? AND deleted_at IS NULL
        ORDER BY created_at DESC LIMIT 1`,
      [this.hashCustomerId(customerId), excludeCartId, since, before]
    )
    return row ?? null
  }

  /** A guest cart became a customer's: its decisions now belong to that customer. */
  @InjectTransactionManager()
  async attachCustomerToCart(
    cartId: string,
    customerId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number> {
    const hash = this.hashCustomerId(customerId)
    const rows = await managerOf(sharedContext).execute(
      `UPDATE rl_decision
          SET customer_hash = ?, features = jsonb_set(features, '{customerId}', to_jsonb(?::text)), updated_at = now()
        WHERE cart_id = ? AND customer_hash IS NULL AND deleted_at IS NULL
        RETURNING id`,
      [hash, hash, cartId]
    )
    return rows.length
  }

  /**
   * GDPR erasure: the customer's decisions lose every personal field (hash,
   * cart, session, identifiers in the features) and their purchase history
   * its customer id; strategies, rewards and aggregates stay.
   */
  @InjectTransactionManager()
  async eraseCustomer(
    customerId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ decisions: number; purchases: number }> {
    const m = managerOf(sharedContext)
    const decisions = await m.execute(
      `UPDATE rl_decision
          SET customer_hash = NULL, cart_id = NULL, session_id = NULL,
              features = features || '{"customerId": null, "sessionId": null}'::jsonb, updated_at = now()
        WHERE customer_hash = ?
        RETURNING id`,
      [this.hashCustomerId(customerId)]
    )
    const purchases = await m.execute(
      `UPDATE rl_purchase SET customer_id = NULL, updated_at = now() WHERE customer_id = ? RETURNING id`,
      [customerId]
    )
    await refreshCustomerProfilesSql(m, [customerId], await this.lowBands(m))
    return { decisions: decisions.length, purchases: purchases.length }
  }

  /** Applies reward intents as one batch; throws the first per-reward error after the rest commit. */
  async applyRewards(inputs: ApplyRewardInput[]): Promise<ApplyRewardResult[]> {
    const results = await this.applyRewardBatch(inputs)
    const failed = results.find((r) => r instanceof Error)
    if (failed) throw failed
    return results as ApplyRewardResult[]
  }

  /** Appends purchase lines (idempotent per source, product and direction). */
  @InjectManager()
  async recordPurchases(
    lines: Array<{
      source_id: string
      customer_id: string | null
      product_id: string
      quantity: number
      unit_price: number
      currency_code: string
      purchased_at: Date
      is_return?: boolean
    }>,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number> {
    if (!lines.length) return 0
    // one JSON parameter per batch: binding tens of thousands of values one by one costs more than the insert
    const rows = await managerOf(sharedContext).execute(
      `INSERT INTO rl_purchase (id, source_id, customer_id, product_id, quantity, unit_price, currency_code,
         purchased_at, is_return, created_at, updated_at)
       SELECT 'rlpur_' || replace(gen_random_uuid()::text, '-', ''), x.source_id, x.customer_id, x.product_id,
              x.quantity, x.unit_price, x.currency_code, x.purchased_at, x.is_return, now(), now()
         FROM jsonb_to_recordset(?::jsonb) AS x(source_id text, customer_id text, product_id text, quantity int,
              unit_price float8, currency_code text, purchased_at timestamptz, is_return boolean)
       ON CONFLICT (source_id, product_id, is_return) WHERE deleted_at IS NULL DO NOTHING
       RETURNING id`,
      [JSON.stringify(lines.map((l) => ({ ...l, is_return: !!l.is_return })))]
    )
    return rows.length
  }

  /** ε ← max(εmin, ε·decay), unless learning is paused. Returns the new ε or null. */
  @InjectTransactionManager()
  async decayEpsilon(@MedusaContext() sharedContext: Context = {}): Promise<number | null> {
    await this.getAgent(DEFAULT_AGENT_NAME, sharedContext)
    this.agentCache_ = null
    return decayEpsilonSql(managerOf(sharedContext), DEFAULT_AGENT_NAME)
  }

  /** Prunes the current model's Q-table to `qTableMaxStates` states, least recently visited first. */
  @InjectTransactionManager()
  async pruneQTable(
    maxStates: number = this.options_.qTableMaxStates,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number> {
    const agent = await this.getAgent(DEFAULT_AGENT_NAME, sharedContext)
    return pruneQTableSql(managerOf(sharedContext), agent.model_version, maxStates)
  }

  /** Checkpoints the agent and its Q-table; old snapshots past their retention are dropped. */
  @InjectTransactionManager()
  async createSnapshot(
    input: { reason?: "scheduled" | "manual" | "pre_restore" | "import"; label?: string | null } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string | null; states: number; entries: number; pruned: number }> {
    const m = managerOf(sharedContext)
    const agent = await this.getAgent(DEFAULT_AGENT_NAME, sharedContext)
    if (input.reason === "scheduled" && (await this.getTableStats(agent.model_version, sharedContext)).entries === 0) {
      // nothing learnt yet: a scheduled empty snapshot would only be offered for a rollback that erases nothing
      return { id: null, states: 0, entries: 0, pruned: await pruneSnapshotsSql(m, this.options_.snapshotRetentionDays) }
    }
    const snapshot = await createSnapshotSql(m, agent as any, input.reason ?? "manual", input.label ?? null)
    const pruned = await pruneSnapshotsSql(m, this.options_.snapshotRetentionDays)
    return { ...snapshot, pruned }
  }

  /**
   * Days a decision is kept: the configured retention, but never less than
   * the longest time a reward can still arrive for it (+1 day), so no reward
   * lands on a deleted decision.
   */
  decisionRetentionDays(): number {
    const o = this.options_
    const rewardHorizonDays =
      (Math.max(o.conversionWindowSeconds, o.abandonmentWindowSeconds) + o.retentionWindowSeconds) / 86_400
    return Math.max(o.decisionRetentionDays, Math.ceil(rewardHorizonDays) + 1)
  }

  /** Deletes decisions and their rewards past retention (the hourly rollups keep the aggregates). */
  @InjectTransactionManager()
  async deleteExpiredDecisions(@MedusaContext() sharedContext: Context = {}): Promise<number> {
    return deleteDecisionsOlderThanSql(managerOf(sharedContext), this.decisionRetentionDays())
  }

  /** Recomputes hourly metrics for every decision still able to earn rewards (or since `since`). */
  @InjectTransactionManager()
  async rollupMetrics(since?: Date, @MedusaContext() sharedContext: Context = {}): Promise<number> {
    const from = since ?? new Date(Date.now() - this.decisionRetentionDays() * 86_400_000)
    return rollupMetricsSql(managerOf(sharedContext), from)
  }

  /**
   * Brings the last two hours of the hourly rollup up to date for the
   * dashboard, at most once every 10 s per process: every chart of a refresh
   * asks, and concurrent asks share one run.
   */
  protected recentRollup_: { at: number; running: Promise<number> } | null = null
  async rollupRecentMetrics(): Promise<void> {
    const now = Date.now()
    if (!this.recentRollup_ || now - this.recentRollup_.at >= 10_000) {
      this.recentRollup_ = { at: now, running: this.rollupMetrics(new Date(now - 3_600_000)) }
    }
    const current = this.recentRollup_
    try {
      await current.running
    } catch (e) {
      if (this.recentRollup_ === current) this.recentRollup_ = null
      throw e
    }
  }

  /** Marks an import run failed with the error that stopped it. */
  async failImportRun(runId: string, error: unknown): Promise<void> {
    await this.updateRlImportRuns({
      id: runId,
      status: "failed",
      error: (error as Error)?.message ?? String(error),
      finished_at: new Date(),
    } as any)
  }

  /**
   * Rebuilds the derived statistics from the purchase history: product
   * popularity windows, co-purchases and every customer profile, in one
   * transaction (readers see the old set until it commits).
   */
  @InjectTransactionManager()
  async refreshStatistics(@MedusaContext() sharedContext: Context = {}): Promise<StatisticsRefresh> {
    const started = Date.now()
    const m = managerOf(sharedContext)
    const products = await refreshProductStatsSql(m, null)
    // RP3beta (the evaluation's strongest single model on this data) over every basket; pair counting is
    // Σ n² over baskets: sparse counters in memory beat a self-join in SQL by far
    const co_purchases = await replaceCoPurchasesSql(m, fitRp3beta(await loadBasketsSql(m), STORE_RELEVANCE_OPTIONS))
    const profiles = await refreshCustomerProfilesSql(m, null, await this.lowBands(m, true))
    this.popularityCache_.clear()
    this.latestPurchase_.value = null
    return { products, co_purchases, profiles, duration_ms: Date.now() - started }
  }

  /**
   * Brings the statistics of one order's customer and products up to date
   * (co-purchases wait for the nightly rebuild). Cheap: indexed by customer and product.
   */
  @InjectTransactionManager()
  async refreshAfterPurchase(
    input: { customer_ids: string[]; product_ids: string[] },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ profiles: number; products: number }> {
    const m = managerOf(sharedContext)
    const profiles = await refreshCustomerProfilesSql(m, [...new Set(input.customer_ids)], await this.lowBands(m))
    const products = await refreshProductStatsSql(m, [...new Set(input.product_ids)])
    this.popularityCache_.clear()
    this.latestPurchase_.value = null
    return { profiles, products }
  }

  // each currency's low band edge for price sensitivity: the option's, else fitted to the history;
  // refitted by the full statistics refresh and at most hourly, not on every order
  // (a holder mutated in place: a field assigned inside this method read back null in the module test)
  protected readonly lowBands_: { at: number; value: Record<string, number> | null } = { at: 0, value: null }
  protected async lowBands(m: SqlManager, refit = false): Promise<Record<string, number>> {
    if (!refit && this.lowBands_.value && Date.now() - this.lowBands_.at < 3_600_000) return this.lowBands_.value
    const configured = Object.fromEntries(Object.entries(this.options_.priceBands).map(([c, b]) => [c, b.low]))
    const value = await fitPurchaseLowBandsSql(m, configured)
    this.lowBands_.at = Date.now()
    this.lowBands_.value = value
    return value
  }

  // popularity per window, reused for catalogCacheTtlSeconds and dropped when the statistics change
  protected popularityCache_ = new Map<PopularityWindow, { at: number; value: Promise<Map<string, number>> }>()

  /**
   * Net units sold per product in a trailing window (default: the
   * `popularityWindow` option), with all-time units as a tie-break worth less
   * than one unit in the window.
   */
  /**
   * The clock the customer features are read on (`historyClock`): the latest
   * purchase in the history, cached like popularity.
   */
  async getHistoryClock(now: Date = new Date()): Promise<Date> {
    const ttl = this.options_.catalogCacheTtlSeconds * 1000
    if (!this.latestPurchase_.value || Date.now() - this.latestPurchase_.at >= ttl) {
      this.latestPurchase_.at = Date.now()
      this.latestPurchase_.value = this.loadLatestPurchaseAt_()
      this.latestPurchase_.value.catch(() => (this.latestPurchase_.value = null))
    }
    return historyClock(await this.latestPurchase_.value, now)
  }

  protected readonly latestPurchase_: { at: number; value: Promise<Date | null> | null } = { at: 0, value: null }

  @InjectManager()
  protected async loadLatestPurchaseAt_(@MedusaContext() sharedContext: Context = {}): Promise<Date | null> {
    return latestPurchaseAtSql(managerOf(sharedContext))
  }

  async getPopularity(window: PopularityWindow = this.options_.popularityWindow): Promise<Map<string, number>> {
    const ttl = this.options_.catalogCacheTtlSeconds * 1000
    const hit = this.popularityCache_.get(window)
    if (hit && Date.now() - hit.at < ttl) return hit.value
    const value = this.loadPopularity_(window)
    this.popularityCache_.set(window, { at: Date.now(), value })
    value.catch(() => this.popularityCache_.delete(window))
    return value
  }

  @InjectManager()
  protected async loadPopularity_(
    window: PopularityWindow,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Map<string, number>> {
    const rows = await managerOf(sharedContext).execute(
      `SELECT product_id, units_30d, units_90d, units_365d, units_all FROM rl_product_stat
        WHERE deleted_at IS NULL AND units_all > 0`
    )
    const column = `units_${window}`
    let maxAll = 1
    for (const r of rows) maxAll = Math.max(maxAll, Number(r.units_all))
    return new Map(
      rows.map((r) => [r.product_id as string, Number(r[column]) + Number(r.units_all) / (maxAll + 1)])
    )
  }

  /**
   * The store's defaults for shoppers without a cart, loaded by `load` at
   * most once per `catalogCacheTtlSeconds`; a store without a default region
   * yet is asked again next time.
   */
  protected storeDefaults_: { at: number; value: StoreDefaults } | null = null
  async cachedStoreDefaults(load: () => Promise<StoreDefaults>): Promise<StoreDefaults> {
    const ttlMs = this.options_.catalogCacheTtlSeconds * 1000
    if (this.storeDefaults_ && Date.now() - this.storeDefaults_.at < ttlMs) return this.storeDefaults_.value
    const value = await load()
    this.storeDefaults_ = value.regionId ? { at: Date.now(), value } : null
    return value
  }

  /** Forgets the cached store defaults (after an import sets them). */
  invalidateStoreDefaults(): void {
    this.storeDefaults_ = null
  }

  /** A customer's stored profile (one indexed row), or null without purchases. */
  async getCustomerHistory(
    customerId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CustomerHistory | null> {
    const [row] = await this.sqlFor_(sharedContext).execute(
      `SELECT orders, units, low_band_units, last_purchased_at, top_product_ids FROM rl_customer_profile
        WHERE customer_id = ? AND deleted_at IS NULL`,
      [customerId]
    )
    if (!row) return null
    return {
      orders: Number(row.orders),
      units: Number(row.units),
      lowBandUnits: Number(row.low_band_units),
      lastPurchaseAt: row.last_purchased_at ? new Date(row.last_purchased_at) : null,
      topProductIds: Array.isArray(row.top_product_ids) ? row.top_product_ids : [],
    }
  }

  /**
   * The co-purchase side of the shared relevance in one query: per related
   * product, the summed scores from the cart's products and from the
   * customer's top products (each set's own members left out), the best
   * `limit` by cart + historyWeight × history. Every strategy but `popular`
   * ranks by it (`personalAffinity`).
   */
  async getRelevance(
    cartProductIds: string[],
    historyProductIds: string[],
    historyWeight: number,
    limit = 400,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ cart: Map<string, number>; history: Map<string, number> }> {
    if (!cartProductIds.length && !historyProductIds.length) return { cart: new Map(), history: new Map() }
    // "" is no product's id: it keeps an empty side's IN (?) valid without matching anything
    const cart = cartProductIds.length ? cartProductIds : [""]
    const history = historyProductIds.length ? historyProductIds : [""]
    const rows = await this.sqlFor_(sharedContext).execute(
      `SELECT related_product_id, cart_s, history_s FROM (
         SELECT related_product_id,
                coalesce(sum(score) FILTER (WHERE product_id IN (?) AND related_product_id NOT IN (?)), 0)::float8 AS cart_s,
                coalesce(sum(score) FILTER (WHERE product_id IN (?) AND related_product_id NOT IN (?)), 0)::float8 AS history_s
           FROM rl_co_purchase
          WHERE product_id IN (?) AND deleted_at IS NULL
          GROUP BY related_product_id
       ) r
        WHERE cart_s > 0 OR history_s > 0
        ORDER BY cart_s + ? * history_s DESC, related_product_id LIMIT ?`,
      [cart, cart, history, history, [...cart, ...history], historyWeight, limit]
    )
    const out = { cart: new Map<string, number>(), history: new Map<string, number>() }
    for (const r of rows) {
      if (Number(r.cart_s) > 0) out.cart.set(r.related_product_id as string, Number(r.cart_s))
      if (Number(r.history_s) > 0) out.history.set(r.related_product_id as string, Number(r.history_s))
    }
    return out
  }

  /**
   * Products related to the given ones by co-purchase (the given ones left
   * out), with summed cosine scores: the item-to-item signal behind
   * `personalized`. Bounded by the stored top-N per product.
   */
  async getCoPurchases(
    productIds: string[],
    limit = 200,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Map<string, number>> {
    if (!productIds.length) return new Map()
    const rows = await this.sqlFor_(sharedContext).execute(
      `SELECT related_product_id, sum(score)::float8 AS s FROM rl_co_purchase
        WHERE product_id IN (?) AND related_product_id NOT IN (?) AND deleted_at IS NULL
        GROUP BY related_product_id ORDER BY s DESC, related_product_id LIMIT ?`,
      [productIds, productIds, limit]
    )
    return new Map(rows.map((r) => [r.related_product_id as string, Number(r.s)]))
  }

  /**
   * Starts a new model version from a trained Q-table (reports/model.json of
   * `npm run evaluate`): the current table is snapshotted first, the agent
   * switches to the new version with the model's state model, and the report,
   * if given, is stored as the latest evaluation. One transaction.
   */
  @InjectTransactionManager()
  async loadModel(
    input: {
      state_model: StateModel
      rows: Array<{ state_key: string; strategy: Strategy; value: number; visits: number }>
      report?: Record<string, unknown> | null
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ model_version: number; entries: number; snapshot_id: string; evaluation_id: string | null }> {
    const bad = input.rows.find(
      (r) => !STRATEGIES.includes(r.strategy) || !Number.isFinite(r.value) || !(r.visits >= 0) || !r.state_key
    )
    if (bad) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Model row ${JSON.stringify(bad)} is not a (state, strategy, finite value, visits)`)
    }
    const m = managerOf(sharedContext)
    const agent = await this.getAgent(DEFAULT_AGENT_NAME, sharedContext)
    const snapshot = await createSnapshotSql(m, agent as any, "pre_restore", "before loading a trained model")
    const version = agent.model_version + 1
    for (let i = 0; i < input.rows.length; i += 5000) {
      await m.execute(
        `INSERT INTO rl_q_value (id, model_version, state_key, strategy, value, visits, last_visited_at, created_at, updated_at)
         SELECT 'rlq_' || replace(gen_random_uuid()::text, '-', ''), ?, x.state_key, x.strategy, x.value, x.visits, now(), now(), now()
           FROM jsonb_to_recordset(?::jsonb) AS x(state_key text, strategy text, value float8, visits int)`,
        [version, JSON.stringify(input.rows.slice(i, i + 5000))]
      )
    }
    await m.execute(
      `UPDATE rl_agent SET model_version = ?, state_model = ?::jsonb, updated_at = now() WHERE id = ?`,
      [version, JSON.stringify(input.state_model), agent.id]
    )
    let evaluationId: string | null = null
    if (input.report) {
      evaluationId = generateEntityId(undefined, "rleval")
      await m.execute(
        `INSERT INTO rl_evaluation (id, model_version, report, created_at, updated_at) VALUES (?, ?, ?::jsonb, now(), now())`,
        [evaluationId, version, JSON.stringify(input.report)]
      )
    }
    this.agentCache_ = null
    return { model_version: version, entries: input.rows.length, snapshot_id: snapshot.id, evaluation_id: evaluationId }
  }

  /**
   * Settled decisions (no reward can still arrive) of a model version with
   * their summed rewards and the Q values of their states: the input of the
   * off-policy estimates. Two queries, at most `limit` decisions, newest first.
   */
  @InjectManager()
  async getOpeLog(
    input: { model_version: number; limit: number; since?: Date | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{
    decisions: Array<{ state_key: string; strategy: Strategy; propensity: number; reward: number }>
    q: Map<string, Partial<Record<Strategy, number>>>
  }> {
    const m = managerOf(sharedContext)
    const o = this.options_
    const settledBefore = new Date(Date.now() - Math.max(o.conversionWindowSeconds, o.abandonmentWindowSeconds) * 1000)
    const decisions = await m.execute(
      `SELECT d.state_key, d.strategy, d.propensity, coalesce(sum(r.value), 0)::float8 AS reward
         FROM rl_decision d LEFT JOIN rl_reward r ON r.decision_id = d.id AND r.deleted_at IS NULL
        WHERE d.model_version = ? AND d.deleted_at IS NULL AND d.created_at < ? AND d.created_at >= ?
        GROUP BY d.id ORDER BY d.created_at DESC LIMIT ?`,
      [input.model_version, settledBefore, input.since ?? new Date(0), input.limit]
    )
    const keys = [...new Set(decisions.map((d) => d.state_key as string)), PRIOR_STATE_KEY]
    const rows = await m.execute(
      `SELECT state_key, strategy, value FROM rl_q_value
        WHERE model_version = ? AND state_key IN (?) AND deleted_at IS NULL`,
      [input.model_version, keys]
    )
    const prior: Partial<Record<Strategy, number>> = {}
    for (const r of rows) if (r.state_key === PRIOR_STATE_KEY) prior[r.strategy as Strategy] = Number(r.value)
    const q = new Map<string, Partial<Record<Strategy, number>>>()
    for (const r of rows) {
      if (r.state_key === PRIOR_STATE_KEY) continue
      const v = q.get(r.state_key) ?? { ...prior }
      v[r.strategy as Strategy] = Number(r.value)
      q.set(r.state_key, v)
    }
    for (const k of keys) if (!q.has(k)) q.set(k, { ...prior })
    return {
      decisions: decisions.map((d) => ({
        state_key: d.state_key,
        strategy: d.strategy,
        propensity: Number(d.propensity),
        reward: Number(d.reward),
      })),
      q,
    }
  }

  /**
   * A page of the decision log with each decision's rewards and outcome, and
   * the filtered total, in one query whatever the page size.
   */
  @InjectManager()
  async listDecisionLog(
    filters: {
      strategy?: Strategy
      explored?: boolean
      customer_id?: string
      cart_id?: string
      from?: Date
      to?: Date
    },
    page: { offset: number; limit: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ decisions: DecisionLogRow[]; count: number }> {
    const customer_hash = filters.customer_id ? this.hashCustomerId(filters.customer_id) : undefined
    return decisionLogSql(managerOf(sharedContext), { ...filters, customer_hash }, page)
  }

  /**
   * Rolls the agent back to a snapshot: the current table is snapshotted
   * first (so the rollback can itself be undone), the snapshot's Q values
   * become a new model version, and its ε, α, γ, decay and state model are
   * restored. One transaction.
   */
  @InjectTransactionManager()
  async restoreSnapshot(
    snapshotId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ model_version: number; entries: number; pre_restore_snapshot_id: string }> {
    const m = managerOf(sharedContext)
    const [snapshot] = await m.execute(`SELECT id, agent, entries FROM rl_snapshot WHERE id = ? AND deleted_at IS NULL`, [snapshotId])
    if (!snapshot) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Snapshot ${snapshotId} was not found`)
    }
    if (!Number(snapshot.entries)) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Snapshot ${snapshotId} holds no Q values: rolling back to it would only erase what the agent has learnt since. Change ε, α or γ under Controls instead.`
      )
    }
    const agent = await this.getAgent(DEFAULT_AGENT_NAME, sharedContext)
    const before = await createSnapshotSql(m, agent as any, "pre_restore", `before restoring ${snapshotId}`)
    const version = agent.model_version + 1
    const copied = await m.execute(
      `INSERT INTO rl_q_value (id, model_version, state_key, strategy, value, visits, last_visited_at, created_at, updated_at)
       SELECT 'rlq_' || replace(gen_random_uuid()::text, '-', ''), ?, state_key, strategy, value, visits, last_visited_at, now(), now()
         FROM rl_snapshot_value WHERE snapshot_id = ? AND deleted_at IS NULL
       RETURNING id`,
      [version, snapshotId]
    )
    const p = snapshot.agent ?? {}
    await m.execute(
      `UPDATE rl_agent SET model_version = ?,
              epsilon = coalesce(?, epsilon), epsilon_min = coalesce(?, epsilon_min), epsilon_decay = coalesce(?, epsilon_decay),
              alpha = coalesce(?, alpha), gamma = coalesce(?, gamma),
              state_model = coalesce(?::jsonb, state_model), updated_at = now()
        WHERE id = ?`,
      [
        version,
        p.epsilon ?? null,
        p.epsilon_min ?? null,
        p.epsilon_decay ?? null,
        p.alpha ?? null,
        p.gamma ?? null,
        p.state_model ? JSON.stringify(p.state_model) : null,
        agent.id,
      ]
    )
    this.agentCache_ = null
    return { model_version: version, entries: copied.length, pre_restore_snapshot_id: before.id }
  }

  /**
   * Metrics from the hourly rollups over [from, to), by hour or day, overall
   * or split by strategy, country or segment. One query.
   */
  @InjectManager()
  async getMetrics(
    input: { from: Date; to: Date; granularity: "hour" | "day"; group_by: MetricsGroupBy; currency_code?: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<MetricsRow[]> {
    return metricsSql(managerOf(sharedContext), input)
  }

  /** Decisions since `since` (default: the last 24 h) and what they earned, live from the log. */
  @InjectManager()
  async getActivitySummary(since?: Date, @MedusaContext() sharedContext: Context = {}): Promise<ActivitySummary> {
    return activitySummarySql(managerOf(sharedContext), since ?? new Date(Date.now() - 86_400_000))
  }

  /** Times a product was recommended, by strategy, and what those recommendations earned. */
  @InjectManager()
  async getProductInsight(productId: string, @MedusaContext() sharedContext: Context = {}): Promise<ProductInsight> {
    return productInsightSql(managerOf(sharedContext), productId)
  }

  /**
   * A customer as the agent sees them: the stored purchase profile, the
   * state features derived from it, and their latest decisions with rewards.
   * Two queries.
   */
  @InjectManager()
  async getCustomerInsight(
    customerId: string,
    limit = 10,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{
    profile: CustomerProfileRow | null
    features: { price_sensitivity: number; engagement_level: number; segment: "new" | "returning" }
    decisions: DecisionLogRow[]
    decision_count: number
  }> {
    const [profile, log] = await Promise.all([
      customerProfileSql(managerOf(sharedContext), customerId),
      this.listDecisionLog({ customer_id: customerId }, { offset: 0, limit }, sharedContext),
    ])
    const summary = {
      orders: profile?.orders ?? 0,
      units: profile?.units ?? 0,
      lowBandUnits: profile?.low_band_units ?? 0,
      lastPurchaseAt: profile?.last_purchased_at ? new Date(profile.last_purchased_at) : null,
    }
    const features = customerFeatures(profile ? summary : null, await this.getHistoryClock())
    return {
      profile,
      features: {
        price_sensitivity: features.priceSensitivity,
        engagement_level: features.engagementLevel,
        segment: features.engagementLevel > 0 ? "returning" : "new",
      },
      decisions: log.decisions,
      decision_count: log.count,
    }
  }

  /**
   * What feedback on `strategy` in `stateKey` would do to its Q value under
   * the current α, γ and reward weights. Reads the state's Q values; writes
   * nothing, so the admin tester never teaches the live agent.
   */
  @InjectManager()
  async simulateFeedback(
    input: { state_key: string; strategy: Strategy; event: SimulatedEvent; revenue?: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SimulationResult & { state_key: string; model_version: number; alpha: number; gamma: number }> {
    const agent = await this.getAgent(DEFAULT_AGENT_NAME, sharedContext)
    const q = await this.getQValues(agent.model_version, input.state_key, sharedContext)
    const result = simulateFeedback({
      q,
      strategy: input.strategy,
      event: input.event,
      revenue: input.revenue,
      alpha: agent.alpha,
      gamma: agent.gamma,
      weights: this.options_.rewards,
    })
    return { ...result, state_key: input.state_key, model_version: agent.model_version, alpha: agent.alpha, gamma: agent.gamma }
  }
}
