import { createHmac } from "crypto"
import { container as appContainer } from "@medusajs/framework"
import type {
  Context,
  IWorkflowEngineService,
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
} from "@medusajs/framework/utils"
import { REWARD_JOB_WORKFLOWS } from "./queue/job-workflows"
import {
  createSnapshotSql,
  decayEpsilonSql,
  deleteDecisionsOlderThanSql,
  pruneQTableSql,
  pruneSnapshotsSql,
  rollupMetricsSql,
} from "./repositories/maintenance"
import {
  loadBasketsSql,
  popularitySql,
  relevanceSql,
  fitPurchaseLowBandsSql,
  latestPurchaseAtSql,
  refreshCustomerProfilesSql,
  replaceCoPurchasesSql,
  refreshProductStatsSql,
  type PopularityWindow,
} from "./repositories/statistics"
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
} from "./repositories/insights"
export { METRICS_GROUP_BY, type DecisionLogRow, type MetricsGroupBy, type MetricsRow } from "./repositories/insights"
import { customerFeatures, historyClock } from "../../learning/profile"
import { simulateFeedback, type SimulatedEvent, type SimulationResult } from "../../learning/simulate"
import { countOutboxSql, relayOutboxSql, storeInOutboxSql, type OutboxJob } from "./repositories/outbox"
import { Cached, CachedByKey } from "./cached"
import { managerOf, sqlOrShared, type SqlManager } from "./repositories/sql"
import { findOrCreateAgentSql } from "./repositories/agent"
import { attachCustomerToCartSql, cartDecisionsSql, insertDecisionSql, retentionDecisionSql, type DecisionInsert } from "./repositories/decisions"
import { customerHistorySql, eraseCustomerSql, historyOfProfile, recordPurchasesSql, type PurchaseLine } from "./repositories/purchases"
import { loadModelSql, opeLogSql, qValuesSql, restoreSnapshotSql, tableStatsSql } from "./repositories/q-table"
import { applyRewardBatchSql, earnedByOrderSql, hasPositiveOutcomeSql } from "./repositories/rewards"
import type { RateLimitResult, RateLimitedRoute } from "./queue/rate-limiter"
import type { FailedJob, QueueCounts, RewardJobName } from "./queue/reward-queue"
import { RewardPipeline, type JobOptions } from "./queue/reward-pipeline"
import { STORE_RELEVANCE_OPTIONS, fitRp3beta } from "../../learning/item-models"
import { createRng, type Rng } from "../../learning/rng"
import { selectStrategy } from "../../learning/policy"
import { DEFAULT_STATE_MODEL, PRIOR_STATE_KEY, stateKey, type StateContext, type StateModel } from "../../learning/state"
import type { Strategy } from "../../learning/strategies"
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
import type {
  AgentDecision,
  ApplyRewardInput,
  ApplyRewardResult,
  CustomerHistory,
  DependencyStatus,
  RlAgentDTO,
  StatisticsRefresh,
} from "./shapes"
export type * from "./shapes"

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
  // the queue lanes, outbox relay, micro-batcher and fail-fast Redis (queue/reward-pipeline.ts)
  protected readonly pipeline_: RewardPipeline

  __hooks = {
    onApplicationStart: () => this.pipeline_.start(),
    onApplicationShutdown: () => this.pipeline_.close(),
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
    this.pipeline_ = new RewardPipeline(
      this.options_,
      // Medusa runs subscribers and jobs in `shared` and `worker` processes only
      moduleDeclaration?.worker_mode !== "server",
      {
        store: (job, error) => this.storeInOutbox_(job, error),
        relay: (enqueue, batchSize) => this.relayOutboxRows_(enqueue, batchSize),
        count: () => this.countOutbox(),
      },
      { applyRewards: (inputs) => this.applyRewardBatch(inputs), runJob: (name, data) => this.runJobWorkflow_(name, data) },
      this.logger_
    )
  }

  /** Starts the worker (Medusa calls this on application start). */
  startQueue(): Promise<void> {
    return this.pipeline_.startQueue()
  }

  closeQueue(): Promise<void> {
    return this.pipeline_.closeQueue()
  }

  /**
   * Enqueues a reward job; the job id makes a repeated event one job. With
   * Redis away the job goes to the Postgres outbox instead, and is enqueued
   * when Redis answers again. Says where it went.
   */
  enqueueJob(name: RewardJobName, data: unknown, opts: JobOptions): Promise<"queue" | "outbox"> {
    return this.pipeline_.enqueue(name, data, opts)
  }

  /** Turns a Medusa event into its reward job (what every subscriber does). */
  enqueueEvent(event: { name: string; data: any; metadata?: Record<string, unknown> }): Promise<"queue" | "outbox"> {
    return this.pipeline_.enqueueEvent(event)
  }

  /** False while the reward queue's Redis is unreachable: recommendations are then served "degraded". */
  isQueueAvailable(): boolean {
    return this.pipeline_.isAvailable()
  }

  /** Moves outbox jobs to the queue, oldest first; stops at the first failure. Returns how many moved. */
  relayOutbox(batchSize = 500): Promise<number> {
    return this.pipeline_.relayOutbox(batchSize)
  }

  @InjectManager()
  protected async storeInOutbox_(job: OutboxJob, error: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    await storeInOutboxSql(managerOf(sharedContext), job, error)
  }

  @InjectManager()
  protected async relayOutboxRows_(
    enqueue: (job: OutboxJob) => Promise<void>,
    batchSize: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number> {
    return relayOutboxSql(managerOf(sharedContext), enqueue, batchSize)
  }

  /** Jobs waiting in the outbox. */
  @InjectManager()
  async countOutbox(@MedusaContext() sharedContext: Context = {}): Promise<number> {
    return countOutboxSql(managerOf(sharedContext))
  }

  removeJob(jobId: string): Promise<void> {
    return this.pipeline_.remove(jobId)
  }

  getQueueCounts(): Promise<QueueCounts> {
    return this.pipeline_.counts()
  }

  listFailedJobs(offset = 0, limit = 50): Promise<{ count: number; jobs: FailedJob[] }> {
    return this.pipeline_.failed(offset, limit)
  }

  retryFailedJobs(ids?: string[]): Promise<number> {
    return this.pipeline_.retryFailed(ids)
  }

  drainQueue(timeoutMs?: number, includeDelayed = false): Promise<void> {
    return this.pipeline_.drain(timeoutMs, includeDelayed)
  }

  /** A job other than a reward: the workflow its kind names. */
  protected async runJobWorkflow_(name: Exclude<RewardJobName, "reward">, data: any): Promise<unknown> {
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
    return findOrCreateAgentSql(managerOf(sharedContext), name, this.options_)
  }

  /** Q of the six strategies in one state: one indexed query. */
  async getQValues(
    modelVersion: number,
    key: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Partial<Record<Strategy, number>>> {
    return qValuesSql(this.sqlFor_(sharedContext), modelVersion, key)
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
    return sqlOrShared(sharedContext, (this as any).baseRepository_)
  }

  /**
   * Writes a decision log row: one INSERT, without the ORM's entity
   * machinery (the hottest write of the store). Returns its id.
   */
  async logDecision(
    row: DecisionInsert,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string }> {
    return insertDecisionSql(this.sqlFor_(sharedContext), row)
  }

  /**
   * The agent's learning parameters, re-read at most once a second: every
   * reward needs α, γ and learning on/off, and an admin change reaching the
   * workers within a second is soon enough.
   */
  protected readonly agentCache_ = new Cached<RlAgentDTO>(() => 1000)

  /** The generated update, and this process sees the change at once (others within a second). */
  // @ts-expect-error narrows MedusaService's generated overloads to the ones this module uses
  async updateRlAgents(...args: Parameters<RlAgentModuleService["updateRlAgents"]>) {
    this.agentCache_.clear()
    // @ts-expect-error forwards the overloaded arguments unchanged
    const updated = await super.updateRlAgents(...args)
    this.agentCache_.clear()
    return updated
  }
  protected learningAgent_(sharedContext: Context): Promise<RlAgentDTO> {
    return this.agentCache_.get(() => this.getAgent(DEFAULT_AGENT_NAME, sharedContext))
  }

  /** Records one reward and applies its Q update: a batch of one. */
  async applyReward(input: ApplyRewardInput, sharedContext: Context = {}): Promise<ApplyRewardResult> {
    const [result] = await this.applyRewardBatch([input], sharedContext)
    if (result instanceof Error) throw result
    return result
  }

  /** Records rewards and applies their Q updates in one statement (`applyRewardBatchSql`). */
  @InjectManager()
  async applyRewardBatch(
    inputs: ApplyRewardInput[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Array<ApplyRewardResult | MedusaError>> {
    if (!inputs.length) return []
    const m = managerOf(sharedContext)
    const agent = await this.learningAgent_(sharedContext)
    return applyRewardBatchSql(m, agent, inputs, this.options_.rewards)
  }

  /** Q-table size for the current model version. */
  @InjectManager()
  async getTableStats(
    modelVersion: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ states: number; entries: number; last_visited_at: Date | null }> {
    return tableStatsSql(managerOf(sharedContext), modelVersion)
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

  /** Counts a store request against the client's rate limit. Null when rate limiting is off. */
  consumeRateLimit(route: RateLimitedRoute, client: string): Promise<RateLimitResult | null> {
    return this.pipeline_.consumeRateLimit(route, client)
  }

  /** PING on the fail-fast Redis connection. */
  pingRedis(timeoutMs = 1000): Promise<DependencyStatus> {
    return this.pipeline_.pingRedis(timeoutMs)
  }

  /** Decisions served on a cart (oldest first), optionally only those since a time. */
  @InjectManager()
  async listCartDecisions(
    cartId: string,
    since?: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Array<{ id: string; created_at: Date; product_ids: string[]; customer_hash: string | null }>> {
    return cartDecisionsSql(managerOf(sharedContext), cartId, since)
  }

  /** What an order earned per decision (conversion + revenue values, revenue amount). */
  @InjectManager()
  async getEarnedByOrder(
    orderId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Array<{ decision_id: string; value: number; amount: number }>> {
    return earnedByOrderSql(managerOf(sharedContext), orderId)
  }

  /** Whether a decision earned engagement or conversion (then it was not abandoned). */
  @InjectManager()
  async hasPositiveOutcome(
    decisionId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    return hasPositiveOutcomeSql(managerOf(sharedContext), decisionId)
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
    return retentionDecisionSql(managerOf(sharedContext), this.hashCustomerId(customerId), excludeCartId, since, before)
  }

  /** A guest cart became a customer's: its decisions now belong to that customer. */
  @InjectTransactionManager()
  async attachCustomerToCart(
    cartId: string,
    customerId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number> {
    return attachCustomerToCartSql(managerOf(sharedContext), cartId, this.hashCustomerId(customerId))
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
    return eraseCustomerSql(m, customerId, this.hashCustomerId(customerId), await this.lowBands(m))
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
    lines: PurchaseLine[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number> {
    return recordPurchasesSql(managerOf(sharedContext), lines)
  }

  /** ε ← max(εmin, ε·decay), unless learning is paused. Returns the new ε or null. */
  @InjectTransactionManager()
  async decayEpsilon(@MedusaContext() sharedContext: Context = {}): Promise<number | null> {
    await this.getAgent(DEFAULT_AGENT_NAME, sharedContext)
    this.agentCache_.clear()
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
  protected readonly recentRollup_ = new Cached<number>(() => 10_000)
  async rollupRecentMetrics(): Promise<void> {
    await this.recentRollup_.get(() => this.rollupMetrics(new Date(Date.now() - 3_600_000)))
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
    this.latestPurchase_.clear()
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
    this.latestPurchase_.clear()
    return { profiles, products }
  }

  // each currency's low band edge for price sensitivity: the option's, else fitted to the history;
  // refitted by the full statistics refresh and at most hourly, not on every order
  protected readonly lowBands_ = new Cached<Record<string, number>>(() => 3_600_000)
  protected lowBands(m: SqlManager, refit = false): Promise<Record<string, number>> {
    const configured = Object.fromEntries(Object.entries(this.options_.priceBands).map(([c, b]) => [c, b.low]))
    return this.lowBands_.get(() => fitPurchaseLowBandsSql(m, configured), refit)
  }

  // what the recommendation route reads per request, reused for catalogCacheTtlSeconds and
  // dropped when the statistics change
  protected readonly popularityCache_ = new CachedByKey<PopularityWindow, Map<string, number>>(() => this.options_.catalogCacheTtlSeconds * 1000)
  protected readonly latestPurchase_ = new Cached<Date | null>(() => this.options_.catalogCacheTtlSeconds * 1000)
  protected readonly storeDefaults_ = new Cached<StoreDefaults>(
    () => this.options_.catalogCacheTtlSeconds * 1000,
    // a store without a default region yet is asked again next time
    (value) => !!value.regionId
  )

  /**
   * The clock the customer features are read on (`historyClock`): the latest
   * purchase in the history, cached like popularity.
   */
  async getHistoryClock(now: Date = new Date()): Promise<Date> {
    return historyClock(await this.latestPurchase_.get(() => this.loadLatestPurchaseAt_()), now)
  }

  @InjectManager()
  protected async loadLatestPurchaseAt_(@MedusaContext() sharedContext: Context = {}): Promise<Date | null> {
    return latestPurchaseAtSql(managerOf(sharedContext))
  }

  /**
   * Net units sold per product in a trailing window (default: the
   * `popularityWindow` option), with all-time units as a tie-break worth less
   * than one unit in the window.
   */
  getPopularity(window: PopularityWindow = this.options_.popularityWindow): Promise<Map<string, number>> {
    return this.popularityCache_.get(window, () => this.loadPopularity_(window))
  }

  @InjectManager()
  protected async loadPopularity_(
    window: PopularityWindow,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Map<string, number>> {
    return popularitySql(managerOf(sharedContext), window)
  }

  /**
   * The store's defaults for shoppers without a cart, loaded by `load` at
   * most once per `catalogCacheTtlSeconds`; a store without a default region
   * yet is asked again next time.
   */
  cachedStoreDefaults(load: () => Promise<StoreDefaults>): Promise<StoreDefaults> {
    return this.storeDefaults_.get(load)
  }

  /** Forgets the cached store defaults (after an import sets them). */
  invalidateStoreDefaults(): void {
    this.storeDefaults_.clear()
  }

  /** A customer's stored profile (one indexed row), or null without purchases. */
  async getCustomerHistory(
    customerId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CustomerHistory | null> {
    return customerHistorySql(this.sqlFor_(sharedContext), customerId)
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
    return relevanceSql(this.sqlFor_(sharedContext), cartProductIds, historyProductIds, historyWeight, limit)
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
    const agent = await this.getAgent(DEFAULT_AGENT_NAME, sharedContext)
    const loaded = await loadModelSql(managerOf(sharedContext), agent, input)
    this.agentCache_.clear()
    return loaded
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
    const o = this.options_
    const settledBefore = new Date(Date.now() - Math.max(o.conversionWindowSeconds, o.abandonmentWindowSeconds) * 1000)
    return opeLogSql(managerOf(sharedContext), { ...input, settledBefore })
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
    const restored = await restoreSnapshotSql(managerOf(sharedContext), snapshotId, () => this.getAgent(DEFAULT_AGENT_NAME, sharedContext))
    this.agentCache_.clear()
    return restored
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
    const features = customerFeatures(profile ? historyOfProfile(profile) : null, await this.getHistoryClock())
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
