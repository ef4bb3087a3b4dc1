/**
 * The agent module's front: the generated CRUD of its models, and one call per method into the internal service
 * that owns the concern (services/learning, statistics, maintenance, insights, merchandising) or the reward
 * pipeline (queue/, created by loaders/reward-pipeline). SQL lives in repositories/, never here. The pipeline,
 * alerts and experiments half, with the dependencies and hooks, is its base class (front-base.ts).
 */
import type { Context } from "@medusajs/framework/types"
import { MedusaContext, MedusaError } from "@medusajs/framework/utils"
import type { ConvergenceDay } from "../../learning/convergence"
import type { SimulatedEvent, SimulationResult } from "../../learning/simulate"
import { PRIOR_STATE_KEY, type StateContext } from "../../learning/state"
import type { Strategy } from "../../learning/strategies"
import { RlAgentFrontBase } from "./front-base"
import type { RuleAuditRow, RuleInput, RuleRow } from "./repositories/rules"
import type { CartRow } from "./repositories/carts"
import type { DecisionInsert } from "./repositories/decisions"
import type { ActivitySummary, DecisionLogRow, MetricsGroupBy, MetricsRow, ProductInsight } from "./repositories/insights"
import type { PurchaseLine } from "./repositories/purchases"
import type { PopularityWindow, RelevanceSeeds } from "./repositories/statistics"
import {
  DEFAULT_AGENT_NAME,
  type CustomerInsight,
  type DecisionLogFilters,
  type MaintenanceService,
  type OpeLog,
} from "./services"
import type { AgentDecision, ApplyRewardInput, DecideOptions, ApplyRewardResult, CustomerHistory, DependencyStatus, RlAgentDTO, StatisticsRefresh } from "./types/shapes"
import type { StoreDefaults } from "./types"

export { METRICS_GROUP_BY, type DecisionLogRow, type MetricsGroupBy, type MetricsRow } from "./repositories/insights"
export type * from "./types/shapes"
// the prior row every reward also moves (documented where it is defined, learning/state.ts)
export { DEFAULT_AGENT_NAME, PRIOR_STATE_KEY }
export { agentParameters, explorableOf, guardOf } from "./agent-parameters"

export default class RlAgentModuleService extends RlAgentFrontBase {
  // ---- the agent and its learning (services/learning.ts)

  /** Keyed hash of a customer id: decisions link to a customer without naming them. */
  hashCustomerId(customerId: string | null | undefined): string | null {
    return this.learning_.hashCustomerId(customerId)
  }

  /**
   * A recommendation's feedback token: an HMAC of its decision id with `customerHashSecret`, so a storefront with no
   * cart (or only an httpOnly cookie) can send view, click and dismiss for that decision and no other.
   */
  signFeedbackToken(decisionId: string): string {
    return this.learning_.signFeedbackToken(decisionId)
  }

  verifyFeedbackToken(decisionId: string, token: string | undefined): boolean {
    return this.learning_.verifyFeedbackToken(decisionId, token)
  }

  /** The agent row, created from the plugin options on first use (race-safe). */
  getAgent(name: string = DEFAULT_AGENT_NAME, @MedusaContext() sharedContext: Context = {}): Promise<RlAgentDTO> {
    return this.learning_.getAgent(name, sharedContext)
  }

  /** Q of the six strategies in one state (untried ones at the prior): one indexed query. */
  getQValues(modelVersion: number, key: string, @MedusaContext() sharedContext: Context = {}): Promise<Partial<Record<Strategy, number>>> {
    return this.learning_.getQValues(modelVersion, key, sharedContext)
  }

  /** The agent row as serving reads it: cached a second per process. */
  getCachedAgent(): Promise<RlAgentDTO> {
    return this.learning_.cachedAgent()
  }

  /** Chooses a strategy for a shopper's state by ε-greedy over the stored Q values. `seed` makes the draw reproducible (tests, offline replays). */
  decide(context: StateContext, opts: DecideOptions = {}, @MedusaContext() sharedContext: Context = {}): Promise<AgentDecision> {
    return this.learning_.decide(context, opts, sharedContext)
  }

  /** Writes a decision log row, group-committed with the others served meanwhile, without the ORM (the hottest write of the store). */
  logDecision(row: DecisionInsert, @MedusaContext() sharedContext: Context = {}): Promise<{ id: string }> {
    return this.learning_.logDecision(row, sharedContext)
  }

  /** Statements the decision log's group commit made, and decisions they wrote (tests, the benchmark). */
  decisionWriteStats(): { writes: number; items: number } {
    return this.learning_.decisionWriteStats()
  }

  /** The generated update, and this process sees the change at once (others within a second). */
  // @ts-expect-error narrows MedusaService's generated overloads to the ones this module uses
  async updateRlAgents(...args: Parameters<RlAgentModuleService["updateRlAgents"]>) {
    this.learning_.forgetAgent()
    // @ts-expect-error forwards the overloaded arguments unchanged
    const updated = await super.updateRlAgents(...args)
    this.learning_.forgetAgent()
    return updated
  }

  /** Records one reward and applies its Q update: a batch of one. */
  async applyReward(input: ApplyRewardInput, @MedusaContext() sharedContext: Context = {}): Promise<ApplyRewardResult> {
    const [result] = await this.learning_.applyRewardBatch([input], sharedContext)
    if (result instanceof Error) throw result
    return result
  }

  /** Records rewards and applies their Q updates in one statement (`applyRewardBatchSql`). */
  applyRewardBatch(inputs: ApplyRewardInput[], @MedusaContext() sharedContext: Context = {}): Promise<Array<ApplyRewardResult | MedusaError>> {
    return this.learning_.applyRewardBatch(inputs, sharedContext)
  }

  /** Applies reward intents as one batch; throws the first per-reward error after the rest commit. */
  async applyRewards(inputs: ApplyRewardInput[]): Promise<ApplyRewardResult[]> {
    const results = await this.learning_.applyRewardBatch(inputs)
    this.learning_.logAppliedRewards(inputs, results)
    const failed = results.find((r) => r instanceof Error)
    if (failed) throw failed
    return results as ApplyRewardResult[]
  }

  /** Decisions served on a cart (oldest first), optionally only those since a time. */
  listCartDecisions(cartId: string, since?: Date, @MedusaContext() sharedContext: Context = {}) {
    return this.learning_.listCartDecisions(cartId, since, sharedContext)
  }

  /** What an order earned per decision (conversion + revenue values, revenue amount). */
  getEarnedByOrder(orderId: string, @MedusaContext() sharedContext: Context = {}) {
    return this.learning_.getEarnedByOrder(orderId, sharedContext)
  }

  /** Whether a decision earned engagement or conversion (then it was not abandoned). */
  hasPositiveOutcome(decisionId: string, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    return this.learning_.hasPositiveOutcome(decisionId, sharedContext)
  }

  /** A returning customer's previous visit: their latest decision on another cart in [since, before). */
  findRetentionDecision(customerId: string, excludeCartId: string, since: Date, before: Date, @MedusaContext() sharedContext: Context = {}) {
    return this.learning_.findRetentionDecision(customerId, excludeCartId, since, before, sharedContext)
  }

  /** A guest cart became a customer's: its decisions now belong to that customer. */
  attachCustomerToCart(cartId: string, customerId: string, @MedusaContext() sharedContext: Context = {}): Promise<number> {
    return this.learning_.attachCustomerToCart(cartId, customerId, sharedContext)
  }

  // ---- purchase history and derived statistics (services/statistics.ts)

  /** Appends purchase lines (idempotent per source, product and direction). */
  recordPurchases(lines: PurchaseLine[], @MedusaContext() sharedContext: Context = {}): Promise<number> {
    return this.statistics_.recordPurchases(lines, sharedContext)
  }

  /**
   * GDPR erasure: the customer's decisions lose every personal field (hash, cart, session, identifiers in the
   * features) and their purchase history its customer id; strategies, rewards and aggregates stay.
   */
  eraseCustomer(customerId: string, @MedusaContext() sharedContext: Context = {}): Promise<{ decisions: number; purchases: number }> {
    return this.statistics_.eraseCustomer(customerId, this.learning_.hashCustomerId(customerId), sharedContext)
  }

  /**
   * Rebuilds the derived statistics from the purchase history: product popularity windows, co-purchases and every
   * customer profile, in one transaction (readers see the old set until it commits).
   */
  refreshStatistics(@MedusaContext() sharedContext: Context = {}): Promise<StatisticsRefresh> {
    return this.statistics_.refreshStatistics(sharedContext)
  }

  /** One order's customer and products (co-purchases wait for the nightly rebuild). */
  refreshAfterPurchase(input: { customer_ids: string[]; product_ids: string[] }, @MedusaContext() sharedContext: Context = {}) {
    return this.statistics_.refreshAfterPurchase(input, sharedContext)
  }

  /** The clock the customer features are read on (`historyClock`): the latest purchase in the history. */
  getHistoryClock(now: Date = new Date()): Promise<Date> {
    return this.statistics_.getHistoryClock(now)
  }

  /** Net units sold per product in a trailing window (default: the `popularityWindow` option), all-time breaking ties. */
  getPopularity(window?: PopularityWindow): Promise<Map<string, number>> {
    return this.statistics_.getPopularity(window)
  }

  /** The store's defaults for shoppers without a cart, loaded by `load` at most once per `catalogCacheTtlSeconds`. */
  cachedStoreDefaults(load: () => Promise<StoreDefaults>): Promise<StoreDefaults> {
    return this.statistics_.cachedStoreDefaults(load)
  }

  /** Forgets the cached store defaults (after an import sets them). */
  invalidateStoreDefaults(): void {
    this.statistics_.invalidateStoreDefaults()
  }

  /** A customer's stored profile (one indexed row), or null without purchases. */
  /**
   * The cart the route is asked about, read from the cart module's tables in
   * one statement (`repositories/carts.ts` says why); null when there is none.
   */
  getCart(cartId: string, @MedusaContext() sharedContext: Context = {}): Promise<CartRow | null> {
    return this.statistics_.getCart(cartId, sharedContext)
  }

  getCustomerHistory(customerId: string, @MedusaContext() sharedContext: Context = {}): Promise<CustomerHistory | null> {
    return this.statistics_.getCustomerHistory(customerId, sharedContext)
  }

  /**
   * The co-purchase side of the shared relevance in one query: per related product, the summed scores from the cart's
   * products and from the customer's top products, the best `limit` by cart + historyWeight × history (a product
   * page's product weighing `anchorWeight` times a cart product), with the seeds that gave most of each: the
   * `bought_with` reason. Every strategy but `popular` ranks by it.
   */
  getRelevance(seeds: RelevanceSeeds, limit = 400, @MedusaContext() sharedContext: Context = {}) {
    return this.statistics_.getRelevance(seeds, limit, sharedContext)
  }

  /** The anchors' two-step co-purchase neighbourhood: what a `similar` list ranks by. */
  getNeighbourhood(anchorIds: string[], limit = 400, @MedusaContext() sharedContext: Context = {}) {
    return this.statistics_.getNeighbourhood(anchorIds, limit, sharedContext)
  }

  // ---- merchandising rules (services/merchandising.ts)

  /** The enabled rules, cached for the catalogue's time-to-live (cleared here on every change). */
  getActiveRules(): Promise<RuleRow[]> {
    return this.merchandising_.getActiveRules()
  }

  listRules(@MedusaContext() sharedContext: Context = {}): Promise<RuleRow[]> {
    return this.merchandising_.listRules(sharedContext)
  }

  // a change and its audit row are one transaction; the rule is validated as a whole (`ruleProblem`)
  createRule(input: RuleInput, actorId: string | null, @MedusaContext() sharedContext: Context = {}): Promise<RuleRow> {
    return this.merchandising_.createRule(input, actorId, sharedContext)
  }

  updateRule(id: string, change: Partial<RuleInput>, actorId: string | null, @MedusaContext() sharedContext: Context = {}): Promise<RuleRow> {
    return this.merchandising_.updateRule(id, change, actorId, sharedContext)
  }

  deleteRule(id: string, actorId: string | null, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    return this.merchandising_.deleteRule(id, actorId, sharedContext)
  }

  listRuleAudit(filters: { rule_id?: string }, page: { offset: number; limit: number }, @MedusaContext() sharedContext: Context = {}): Promise<{ entries: RuleAuditRow[]; count: number }> {
    return this.merchandising_.listRuleAudit(filters, page, sharedContext)
  }

  // ---- upkeep: ε, the table's cap, snapshots, models, retention, rollups (services/maintenance.ts)

  pingDatabase(@MedusaContext() sharedContext: Context = {}): Promise<DependencyStatus> {
    return this.maintenance_.pingDatabase(sharedContext)
  }

  /** Marks an import run failed with the error that stopped it (the admin's import panel shows it). */
  failImportRun(runId: string, error: unknown): Promise<void> {
    return this.maintenance_.failImportRun(runId, error)
  }

  /** Q-table size for a model version. */
  getTableStats(modelVersion: number, @MedusaContext() sharedContext: Context = {}) {
    return this.maintenance_.getTableStats(modelVersion, sharedContext)
  }

  /** ε ← max(εmin, ε·decay), unless learning is paused. Returns the new ε or null. */
  decayEpsilon(@MedusaContext() sharedContext: Context = {}): Promise<number | null> {
    return this.maintenance_.decayEpsilon(sharedContext)
  }

  /** Prunes the current model's Q-table to `qTableMaxStates` states, least recently visited first. */
  pruneQTable(maxStates?: number, @MedusaContext() sharedContext: Context = {}): Promise<number> {
    return this.maintenance_.pruneQTable(maxStates, sharedContext)
  }

  /** Checkpoints the agent and its Q-table; old snapshots past their retention are dropped. */
  createSnapshot(input: { reason?: "scheduled" | "manual" | "pre_restore" | "import"; label?: string | null } = {}, @MedusaContext() sharedContext: Context = {}) {
    return this.maintenance_.createSnapshot(input, sharedContext)
  }

  /**
   * Rolls the agent back to a snapshot: the current table is snapshotted first (so the rollback can itself be undone),
   * the snapshot's Q values become a new model version, and its parameters and state model are restored. One
   * transaction.
   */
  restoreSnapshot(snapshotId: string, @MedusaContext() sharedContext: Context = {}) {
    return this.maintenance_.restoreSnapshot(snapshotId, sharedContext)
  }

  /**
   * Starts a new model version from a trained Q-table (reports/model.json of `npm run evaluate`): the current table is
   * snapshotted first, the agent switches to the new version with the model's state model, and the report, if given,
   * is stored as the latest evaluation, with the training's convergence days. One transaction.
   */
  loadModel(input: Parameters<MaintenanceService["loadModel"]>[0], @MedusaContext() sharedContext: Context = {}) {
    return this.maintenance_.loadModel(input, sharedContext)
  }

  /** Days a decision is kept: the option, but never less than a reward can still arrive (+1 day). */
  decisionRetentionDays(): number {
    return this.maintenance_.decisionRetentionDays()
  }

  /** Deletes decisions and their rewards past retention (the hourly rollups keep the aggregates). */
  deleteExpiredDecisions(@MedusaContext() sharedContext: Context = {}): Promise<number> {
    return this.maintenance_.deleteExpiredDecisions(sharedContext)
  }

  /** One pass of the abandonment sweep, handing due decisions to `enqueue` (the worker's timer passes the queue: loaders/reward-pipeline.ts). */
  sweepAbandonments(
    enqueue: (decisionIds: string[]) => Promise<void>,
    opts: { batch?: number; maxBatches?: number } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ enqueued: number; more: boolean } | null> {
    return this.maintenance_.sweepAbandonments(enqueue, opts, sharedContext)
  }

  /** Recomputes hourly metrics for every decision still able to earn rewards (or since `since`). */
  rollupMetrics(since?: Date, @MedusaContext() sharedContext: Context = {}): Promise<number> {
    return this.maintenance_.rollupMetrics(since, sharedContext)
  }

  /** Recomputes the convergence indicators of the days from `since` on (the scheduled rollup does today and yesterday). */
  rollupConvergence(since: Date, @MedusaContext() sharedContext: Context = {}): Promise<number> {
    return this.maintenance_.rollupConvergence(since, sharedContext)
  }

  /** A model version's last `days` convergence days on record, oldest first. */
  listConvergence(modelVersion: number, days: number, @MedusaContext() sharedContext: Context = {}): Promise<ConvergenceDay[]> {
    return this.maintenance_.listConvergence(modelVersion, days, sharedContext)
  }

  /** The last two hours of the rollup, at most once every 10 s per process (every chart of a refresh asks). */
  rollupRecentMetrics(): Promise<void> {
    return this.maintenance_.rollupRecentMetrics()
  }

  // ---- what the admin reads (services/insights.ts)

  /** Metrics from the hourly rollups over [from, to), by hour or day, overall or split. One query. */
  getMetrics(
    input: { from: Date; to: Date; granularity: "hour" | "day"; group_by: MetricsGroupBy; currency_code?: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<MetricsRow[]> {
    return this.insights_.getMetrics(input, sharedContext)
  }

  /** Decisions since `since` (default: the last 24 h) and what they earned, live from the log. */
  getActivitySummary(since?: Date, @MedusaContext() sharedContext: Context = {}): Promise<ActivitySummary> {
    return this.insights_.getActivitySummary(since, sharedContext)
  }

  /** Rewards of the decisions made since `since`, by kind (the metrics route). */
  getRewardsByKind(since: Date) {
    return this.insights_.getRewardsByKind(since)
  }

  /** Times a product was recommended, by strategy, and what those recommendations earned. */
  getProductInsight(productId: string, @MedusaContext() sharedContext: Context = {}): Promise<ProductInsight> {
    return this.insights_.getProductInsight(productId, sharedContext)
  }

  /** A customer as the agent sees them: profile, state features, latest decisions. Two queries. */
  getCustomerInsight(customerId: string, limit = 10, @MedusaContext() sharedContext: Context = {}): Promise<CustomerInsight> {
    return this.insights_.getCustomerInsight(customerId, limit, sharedContext)
  }

  /** A page of the decision log with each decision's rewards and outcome, and the filtered total, in one query. */
  listDecisionLog(filters: DecisionLogFilters, page: { offset: number; limit: number }, @MedusaContext() sharedContext: Context = {}): Promise<{ decisions: DecisionLogRow[]; count: number }> {
    return this.insights_.listDecisionLog(filters, page, sharedContext)
  }

  /** Settled decisions of a model version with their rewards and their states' Q values: the off-policy estimates' input. */
  getOpeLog(input: { model_version: number; limit: number; since?: Date | null }, @MedusaContext() sharedContext: Context = {}): Promise<OpeLog> {
    return this.insights_.getOpeLog(input, sharedContext)
  }

  /** A snapshot's Q values on some states and its ε: a promotion candidate's policy (null: no such snapshot). */
  getSnapshotPolicy(snapshotId: string, stateKeys: string[]) {
    return this.insights_.getSnapshotPolicy(snapshotId, stateKeys)
  }

  /** What feedback would do to a Q value under the current α, γ and weights; writes nothing. */
  simulateFeedback(
    input: { state_key: string; strategy: Strategy; event: SimulatedEvent; revenue?: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SimulationResult & { state_key: string; model_version: number; alpha: number; gamma: number }> {
    return this.insights_.simulateFeedback(input, sharedContext)
  }
}
