/**
 * What keeps the agent healthy over time: ε decay, the Q-table cap,
 * snapshots and rollback, trained models, decision retention, the hourly
 * metric rollups, the abandonment sweep, the database check and failed
 * import runs.
 */
import type { Context } from "@medusajs/framework/types"
import { InjectManager, InjectTransactionManager, MedusaContext } from "@medusajs/framework/utils"
import type { StateModel } from "../../../learning/state"
import type { Strategy } from "../../../learning/strategies"
import { Cached } from "../cached"
import {
  createSnapshotSql,
  decayEpsilonSql,
  deleteDecisionsOlderThanSql,
  pruneQTableSql,
  pruneSnapshotsSql,
  rollupMetricsSql,
} from "../repositories/maintenance"
import { dueForAbandonmentSql, lockAbandonmentCursorSql, moveAbandonmentCursorSql, type SweepPosition } from "../repositories/abandonment"
import { loadModelSql, restoreSnapshotSql, tableStatsSql } from "../repositories/q-table"
import { failImportRunSql } from "../repositories/import-runs"
import { outboxBacklogSql } from "../repositories/outbox"
import { insertConvergenceDaysSql, listConvergenceSql, rollupConvergenceSql } from "../repositories/convergence"
import type { ConvergenceDay } from "../../../learning/convergence"
import { managerOf, pingSql, type SqlManager } from "../repositories/sql"
import type { DependencyStatus } from "../types/shapes"
import type { RlResolvedOptions } from "../types"
import { DEFAULT_AGENT_NAME, type LearningService } from "./learning"

type Deps = { baseRepository: any; rlOptions: RlResolvedOptions; learningService: LearningService }

export class MaintenanceService {
  protected readonly baseRepository_: any
  protected readonly options_: RlResolvedOptions
  protected readonly learning_: LearningService
  // the dashboard's last two hours, brought up to date at most once every 10 s per process
  protected readonly recentRollup_ = new Cached<number>(() => 10_000)

  constructor({ baseRepository, rlOptions, learningService }: Deps) {
    this.baseRepository_ = baseRepository
    this.options_ = rlOptions
    this.learning_ = learningService
  }

  @InjectManager()
  async pingDatabase(@MedusaContext() sharedContext: Context = {}): Promise<DependencyStatus> {
    return pingSql(managerOf(sharedContext))
  }

  @InjectManager()
  async getOutboxBacklog(@MedusaContext() sharedContext: Context = {}): Promise<{ pending: number; oldest_at: Date | null }> {
    return outboxBacklogSql(managerOf(sharedContext))
  }

  @InjectManager()
  async failImportRun(runId: string, error: unknown, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    await failImportRunSql(managerOf(sharedContext), runId, (error as Error)?.message ?? String(error))
  }

  @InjectManager()
  async getTableStats(modelVersion: number, @MedusaContext() sharedContext: Context = {}): Promise<{ states: number; entries: number; last_visited_at: Date | null }> {
    return tableStatsSql(managerOf(sharedContext), modelVersion)
  }

  @InjectTransactionManager()
  async decayEpsilon(@MedusaContext() sharedContext: Context = {}): Promise<number | null> {
    await this.learning_.getAgent(DEFAULT_AGENT_NAME, sharedContext)
    this.learning_.forgetAgent()
    return decayEpsilonSql(managerOf(sharedContext), DEFAULT_AGENT_NAME)
  }

  @InjectTransactionManager()
  async pruneQTable(maxStates: number = this.options_.qTableMaxStates, @MedusaContext() sharedContext: Context = {}): Promise<number> {
    const agent = await this.learning_.getAgent(DEFAULT_AGENT_NAME, sharedContext)
    return pruneQTableSql(managerOf(sharedContext), agent.model_version, maxStates)
  }

  @InjectTransactionManager()
  async createSnapshot(
    input: { reason?: "scheduled" | "manual" | "pre_restore" | "import"; label?: string | null } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string | null; states: number; entries: number; pruned: number }> {
    const m = managerOf(sharedContext)
    const agent = await this.learning_.getAgent(DEFAULT_AGENT_NAME, sharedContext)
    if (input.reason === "scheduled" && (await tableStatsSql(m, agent.model_version)).entries === 0) {
      // nothing learnt yet: a scheduled empty snapshot would only be offered for a rollback that erases nothing
      return { id: null, states: 0, entries: 0, pruned: await pruneSnapshotsSql(m, this.options_.snapshotRetentionDays) }
    }
    const snapshot = await createSnapshotSql(m, agent as any, input.reason ?? "manual", input.label ?? null)
    const pruned = await pruneSnapshotsSql(m, this.options_.snapshotRetentionDays)
    return { ...snapshot, pruned }
  }

  @InjectTransactionManager()
  async restoreSnapshot(
    snapshotId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ model_version: number; entries: number; pre_restore_snapshot_id: string }> {
    const restored = await restoreSnapshotSql(managerOf(sharedContext), snapshotId, () =>
      this.learning_.getAgent(DEFAULT_AGENT_NAME, sharedContext)
    )
    this.learning_.forgetAgent()
    return restored
  }

  @InjectTransactionManager()
  async loadModel(
    input: {
      state_model: StateModel
      rows: Array<{ state_key: string; strategy: Strategy; value: number; visits: number }>
      report?: Record<string, unknown> | null
      /** The training's convergence days (a model from `npm run evaluate` has them). */
      convergence?: ConvergenceDay[]
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ model_version: number; entries: number; snapshot_id: string; evaluation_id: string | null; convergence_days: number }> {
    const agent = await this.learning_.getAgent(DEFAULT_AGENT_NAME, sharedContext)
    const m = managerOf(sharedContext)
    const loaded = await loadModelSql(m, agent, input)
    const convergenceDays = await insertConvergenceDaysSql(m, loaded.model_version, input.convergence ?? [])
    this.learning_.forgetAgent()
    return { ...loaded, convergence_days: convergenceDays }
  }

  /**
   * Days a decision is kept: the configured retention, but never less than
   * the longest time a reward can still arrive for it (+1 day), so no reward
   * lands on a deleted decision.
   */
  decisionRetentionDays(): number {
    const o = this.options_
    const rewardHorizonDays = (Math.max(o.conversionWindowSeconds, o.abandonmentWindowSeconds) + o.retentionWindowSeconds) / 86_400
    return Math.max(o.decisionRetentionDays, Math.ceil(rewardHorizonDays) + 1)
  }

  @InjectTransactionManager()
  async deleteExpiredDecisions(@MedusaContext() sharedContext: Context = {}): Promise<number> {
    return deleteDecisionsOlderThanSql(managerOf(sharedContext), this.decisionRetentionDays())
  }

  /**
   * The hourly metrics from `since` (default: every decision that can still
   * earn rewards). The scheduled pass (no `since`) also rolls up the
   * convergence indicators of today and yesterday: a day's figures change
   * only while its decisions and rewards are being written.
   */
  @InjectTransactionManager()
  async rollupMetrics(since?: Date, @MedusaContext() sharedContext: Context = {}): Promise<number> {
    const m = managerOf(sharedContext)
    const from = since ?? new Date(Date.now() - this.decisionRetentionDays() * 86_400_000)
    const rows = await rollupMetricsSql(m, from)
    if (!since) await rollupConvergenceSql(m, new Date(Date.now() - 86_400_000))
    return rows
  }

  /** Recomputes the convergence days from `since` on. */
  @InjectTransactionManager()
  async rollupConvergence(since: Date, @MedusaContext() sharedContext: Context = {}): Promise<number> {
    return rollupConvergenceSql(managerOf(sharedContext), since)
  }

  @InjectManager()
  async listConvergence(modelVersion: number, days: number, @MedusaContext() sharedContext: Context = {}): Promise<ConvergenceDay[]> {
    return listConvergenceSql(managerOf(sharedContext), modelVersion, days)
  }

  /**
   * One pass of the abandonment sweep: hands the decisions whose window has
   * closed since the last pass to `enqueue` (their checks), `batch` at a
   * time, and moves the cursor past them when every batch was accepted —
   * all in one transaction holding the cursor, so two processes never pass
   * together and a failed enqueue leaves the cursor where it was. Null when
   * another process holds the cursor; `more` when the pass stopped at
   * `maxBatches` with decisions left.
   */
  @InjectTransactionManager()
  async sweepAbandonments(
    enqueue: (decisionIds: string[]) => Promise<void>,
    { batch = 1000, maxBatches = 10 }: { batch?: number; maxBatches?: number } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ enqueued: number; more: boolean } | null> {
    const m = managerOf(sharedContext)
    const window = this.options_.abandonmentWindowSeconds
    let position = await lockAbandonmentCursorSql(m, window)
    if (!position) return null
    let enqueued = 0
    for (let i = 0; i < maxBatches; i++) {
      const due = await dueForAbandonmentSql(m, position, window, batch)
      if (!due.length) return this.movedTo(m, position, enqueued, false)
      await enqueue(due.map((d) => d.id))
      enqueued += due.length
      position = { at: due[due.length - 1].at, id: due[due.length - 1].id }
      if (due.length < batch) return this.movedTo(m, position, enqueued, false)
    }
    return this.movedTo(m, position, enqueued, true)
  }

  protected async movedTo(m: SqlManager, position: SweepPosition, enqueued: number, more: boolean) {
    if (enqueued) await moveAbandonmentCursorSql(m, position)
    return { enqueued, more }
  }

  async rollupRecentMetrics(): Promise<void> {
    await this.recentRollup_.get(() => this.rollupMetrics(new Date(Date.now() - 3_600_000)))
  }
}
