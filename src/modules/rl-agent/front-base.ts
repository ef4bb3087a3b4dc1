/**
 * The first half of the agent module's front (service.ts is the rest and the
 * class Medusa registers): the dependencies and start/stop hooks, the reward
 * pipeline, the alerts, the live experiments and the shadow candidates, each method one call into
 * the internal service or the pipeline that owns it. No SQL here either.
 */
import type { Context, InternalModuleDeclaration, Logger } from "@medusajs/framework/types"
import { MedusaContext, MedusaService } from "@medusajs/framework/utils"
import type { AlertKind } from "../../monitoring/alerts"
import { RL_AGENT_MODELS } from "./data-models"
import type { RateLimitResult, RateLimitedRoute } from "./queue/rate-limiter"
import type { JobOptions, RewardPipeline } from "./queue/reward-pipeline"
import type { FailedJob, QueueCounts, RewardJobName } from "./queue/reward-queue"
import type { ExperimentRow } from "./repositories/experiments"
import type { StateContext, StateModel } from "../../learning/state"
import type { ModelRow } from "./repositories/q-table"
import type { ShadowCounts, ShadowLogEntry, ShadowRow } from "./repositories/shadows"
import type {
  AlertCheck,
  AlertsService,
  CreateExperimentInput,
  ExperimentResults,
  ExperimentsService,
  InsightsService,
  LearningService,
  MaintenanceService,
  MerchandisingService,
  CandidateQ,
  ShadowsService,
  StartShadowInput,
  StatisticsService,
} from "./services"
import type { AlertRow, DependencyStatus, RouteMinute } from "./types/shapes"
import type { RlResolvedOptions } from "./types"

export type InjectedDependencies = {
  logger: Logger
  rlOptions: RlResolvedOptions
  rlRewardPipeline: RewardPipeline
  learningService: LearningService
  statisticsService: StatisticsService
  maintenanceService: MaintenanceService
  insightsService: InsightsService
  merchandisingService: MerchandisingService
  alertsService: AlertsService
  experimentsService: ExperimentsService
  shadowsService: ShadowsService
}

export class RlAgentFrontBase extends MedusaService(RL_AGENT_MODELS) {
  protected readonly options_: RlResolvedOptions
  protected readonly pipeline_: RewardPipeline
  protected readonly learning_: LearningService
  protected readonly statistics_: StatisticsService
  protected readonly maintenance_: MaintenanceService
  protected readonly insights_: InsightsService
  protected readonly merchandising_: MerchandisingService
  protected readonly alerts_: AlertsService
  protected readonly experiments_: ExperimentsService
  protected readonly shadows_: ShadowsService

  __hooks = {
    onApplicationStart: () => this.pipeline_.start(),
    onApplicationShutdown: () => this.pipeline_.close(),
  }

  constructor(deps: InjectedDependencies, _options?: unknown, _moduleDeclaration?: InternalModuleDeclaration) {
    // @ts-ignore MedusaService takes the container and module declaration as arguments
    super(...arguments)
    this.options_ = deps.rlOptions
    this.pipeline_ = deps.rlRewardPipeline
    this.learning_ = deps.learningService
    this.statistics_ = deps.statisticsService
    this.maintenance_ = deps.maintenanceService
    this.insights_ = deps.insightsService
    this.merchandising_ = deps.merchandisingService
    this.alerts_ = deps.alertsService
    this.experiments_ = deps.experimentsService
    this.shadows_ = deps.shadowsService
  }

  getOptions(): RlResolvedOptions {
    return this.options_
  }

  // ---- reward pipeline (queue/reward-pipeline.ts)

  /** Starts the worker only (Medusa starts worker and outbox relay on application start). */
  startQueue(): Promise<void> {
    return this.pipeline_.startQueue()
  }

  closeQueue(): Promise<void> {
    return this.pipeline_.closeQueue()
  }

  /**
   * Enqueues a reward job; the job id makes a repeated event one job. With Redis away the job goes to the Postgres
   * outbox instead, and is enqueued when Redis answers again. Says where it went.
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

  /** Jobs waiting in the outbox. */
  countOutbox(): Promise<number> {
    return this.pipeline_.countOutbox()
  }

  /** Jobs waiting in the outbox and when the oldest was stored: how long the queue has been away. */
  getOutboxBacklog(@MedusaContext() sharedContext: Context = {}): Promise<{ pending: number; oldest_at: Date | null }> {
    return this.maintenance_.getOutboxBacklog(sharedContext)
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

  /** Counts a store request against the client's rate limit. Null when rate limiting is off. */
  consumeRateLimit(route: RateLimitedRoute, client: string): Promise<RateLimitResult | null> {
    return this.pipeline_.consumeRateLimit(route, client)
  }

  /** PING on the fail-fast Redis connection. */
  pingRedis(timeoutMs = 1000): Promise<DependencyStatus> {
    return this.pipeline_.pingRedis(timeoutMs)
  }

  // ---- alerts (services/alerts.ts; the rule in monitoring/alerts.ts)

  /** Writes a server process's route minutes, which the alerts read. */
  recordRouteMinutes(rows: RouteMinute[]): Promise<void> {
    return this.alerts_.recordRouteMinutes(rows)
  }

  /** One check of every alert: raises and resolves them, returns the deliveries due. */
  checkAlerts(now?: Date): Promise<AlertCheck> {
    return this.alerts_.check(now)
  }

  listAlerts(filters: { status?: "firing" | "resolved"; kind?: AlertKind }, page = { offset: 0, limit: 50 }): Promise<{ alerts: AlertRow[]; count: number }> {
    return this.alerts_.listAlerts(filters, page)
  }

  markAlertsDelivered(deliveries: Array<{ id: string; phase: "raised" | "resolved" }>): Promise<void> {
    return this.alerts_.markDelivered(deliveries)
  }

  // ---- live experiments (services/experiments.ts; assignment and statistics in learning/experiments.ts)

  /** The running experiment, cached a few seconds per process (the recommendation route reads it). */
  getRunningExperiment(): Promise<ExperimentRow | null> {
    return this.experiments_.getRunning()
  }

  /** Starts an experiment; refused while another runs. */
  createExperiment(input: CreateExperimentInput): Promise<ExperimentRow> {
    return this.experiments_.create(input)
  }

  /** Stops it (its decisions and outcomes stay), naming the winning arm if the merchant chose one. */
  stopExperiment(id: string, winnerArm: string | null = null): Promise<ExperimentRow> {
    return this.experiments_.stop(id, winnerArm)
  }

  listExperiments(page = { offset: 0, limit: 20 }): Promise<{ experiments: ExperimentRow[]; count: number }> {
    return this.experiments_.list(page)
  }

  /** Each arm's outcomes, and each against the control on the primary metric (95% interval, verdict). */
  getExperimentResults(id: string): Promise<ExperimentResults> {
    return this.experiments_.results(id)
  }

  // ---- candidate policies (services/shadows.ts): a snapshot's Q per state, and the shadow candidates

  /** A snapshot's Q values for a shopper (keyed by its own state model) and its ε, cached (a snapshot never changes); null: no such snapshot. */
  getCandidateQ(snapshotId: string, context: StateContext): Promise<CandidateQ | null> {
    return this.shadows_.candidateQ(snapshotId, context)
  }

  /** Stores a trained table (`npm run evaluate`'s model) as a snapshot that is not served: a candidate to shadow or put in an arm. */
  async importCandidate(input: { label: string; state_model: StateModel; epsilon: number | null; rows: ModelRow[] }) {
    const agent = await this.learning_.cachedAgent()
    return this.shadows_.importCandidate({ ...input, model_version: agent.model_version })
  }

  /** Refuses a snapshot that is missing or holds no Q values; returns the ε it was taken with. */
  assertCandidateSnapshot(snapshotId: string): Promise<{ epsilon: number | null }> {
    return this.shadows_.assertCandidateSnapshot(snapshotId)
  }

  /** The running shadow, cached a few seconds per process (the recommendation route reads it). */
  getRunningShadow(): Promise<ShadowRow | null> {
    return this.shadows_.getRunning()
  }

  startShadow(input: StartShadowInput): Promise<ShadowRow> {
    return this.shadows_.start(input)
  }

  /** Ends the running shadow, stopped or promoted; its log stays. */
  endShadow(id: string, status: "stopped" | "promoted"): Promise<ShadowRow> {
    return this.shadows_.end(id, status)
  }

  getShadow(id: string): Promise<ShadowRow> {
    return this.shadows_.get(id)
  }

  listShadows(page = { offset: 0, limit: 20 }): Promise<{ shadows: ShadowRow[]; count: number }> {
    return this.shadows_.list(page)
  }

  /** How many decisions it shadowed, how often it agreed with the served strategy, and each strategy's share. */
  getShadowCounts(id: string): Promise<ShadowCounts> {
    return this.shadows_.counts(id)
  }

  /** Its settled decisions with the candidate's probabilities, newest first (the off-policy estimate's input). */
  getShadowLog(id: string, limit: number): Promise<ShadowLogEntry[]> {
    return this.shadows_.log(id, limit)
  }
}
