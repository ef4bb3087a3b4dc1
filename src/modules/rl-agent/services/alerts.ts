/**
 * The alerts' check (monitoring/alerts.ts has the rule): it takes every
 * reading — the server processes' route minutes, this process's memory, the
 * Q-table's growth, the queue's failed jobs, the outbox, Redis and Postgres —
 * raises and resolves alerts, and returns the raises and resolves still to
 * hand to the Notification Module (workflows/alerts delivers them).
 *
 * Postgres unreachable cannot be stored while it lasts: the check logs it at
 * once, remembers when it began, and stores it (raised and resolved) when
 * Postgres answers again, so its notifications follow.
 */
import type { Context, Logger } from "@medusajs/framework/types"
import { InjectManager, MedusaContext } from "@medusajs/framework/utils"
import {
  describeAlert,
  evaluateAlerts,
  type AlertReadings,
  type AlertTransition,
} from "../../../monitoring/alerts"
import { LatencyHistogram, memoryRatio } from "../../../monitoring/latency"
import type { RewardPipeline } from "../queue/reward-pipeline"
import {
  listAlertsSql,
  markDeliveredSql,
  newStatesSinceSql,
  openAlertsSql,
  pruneRouteMinutesSql,
  raiseAlertSql,
  recordOutageSql,
  resolveAlertSql,
  routeWindowsSql,
  undeliveredAlertsSql,
  updateOpenAlertSql,
  upsertRouteMinutesSql,
} from "../repositories/alerts"
import { outboxBacklogSql } from "../repositories/outbox"
import { managerOf, pingSql, sqlOrShared, type SqlManager } from "../repositories/sql"
import type { AlertDelivery, AlertRow, RouteMinute } from "../types/shapes"
import type { RlResolvedOptions } from "../types"
import { DEFAULT_AGENT_NAME, type LearningService } from "./learning"

type Deps = { baseRepository: any; logger: Logger; rlOptions: RlResolvedOptions; rlRewardPipeline: RewardPipeline; learningService: LearningService }

export type AlertCheck = {
  postgres: "ok" | "down"
  readings: AlertReadings
  transitions: AlertTransition[]
  /** raises and resolves not yet delivered (this check's and any earlier that failed to deliver) */
  deliveries: AlertDelivery[]
}

/** A Postgres that has not answered `SELECT 1` within this is unreachable (a hung server answers nothing, not an error). */
export const POSTGRES_PING_TIMEOUT_MS = 3_000

/** Route minutes older than this are deleted by the check. */
const ROUTE_MINUTES_KEPT_MS = 86_400_000

export class AlertsService {
  protected readonly baseRepository_: any
  protected readonly logger_: Logger
  protected readonly options_: RlResolvedOptions
  protected readonly pipeline_: RewardPipeline
  protected readonly learning_: LearningService
  /** when this process's check first found Postgres unreachable, until it answers again */
  protected postgresDown_: { since: Date; error: string } | null = null

  constructor({ baseRepository, logger, rlOptions, rlRewardPipeline, learningService }: Deps) {
    this.baseRepository_ = baseRepository
    this.logger_ = logger
    this.options_ = rlOptions
    this.pipeline_ = rlRewardPipeline
    this.learning_ = learningService
  }

  @InjectManager()
  async recordRouteMinutes(rows: RouteMinute[], @MedusaContext() sharedContext: Context = {}): Promise<void> {
    await upsertRouteMinutesSql(managerOf(sharedContext), rows)
  }

  @InjectManager()
  async listAlerts(
    filters: { status?: "firing" | "resolved"; kind?: AlertRow["kind"] },
    page: { offset: number; limit: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ alerts: AlertRow[]; count: number }> {
    return listAlertsSql(managerOf(sharedContext), filters, page)
  }

  @InjectManager()
  async markDelivered(deliveries: Array<{ id: string; phase: "raised" | "resolved" }>, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    await markDeliveredSql(managerOf(sharedContext), deliveries)
  }

  async check(now = new Date()): Promise<AlertCheck> {
    let timer: NodeJS.Timeout | undefined
    const ping = await Promise.race([
      pingSql(sqlOrShared({}, this.baseRepository_)),
      new Promise<{ status: "down"; error: string }>((resolve) => {
        timer = setTimeout(() => resolve({ status: "down", error: `no answer within ${POSTGRES_PING_TIMEOUT_MS} ms` }), POSTGRES_PING_TIMEOUT_MS)
      }),
    ]).finally(() => clearTimeout(timer))
    if (ping.status === "down") {
      if (!this.postgresDown_) {
        this.postgresDown_ = { since: now, error: ping.error }
        this.logger_.error(
          `rl-agent alert: Postgres unreachable (${ping.error}): recommendations and rewards fail while it lasts. ` +
            "The alert is stored and notified when Postgres answers again."
        )
      }
      return { postgres: "down", readings: { postgres_unreachable: { value: 1, detail: ping.error } }, transitions: [], deliveries: [] }
    }
    return this.checkWithPostgres(now)
  }

  @InjectManager()
  protected async checkWithPostgres(now: Date, @MedusaContext() sharedContext: Context = {}): Promise<AlertCheck> {
    const m = managerOf(sharedContext)
    const options = this.options_.alerts
    if (this.postgresDown_) {
      const { since, error } = this.postgresDown_
      await recordOutageSql(m, { kind: "postgres_unreachable", detail: error, since, until: now })
      this.logger_.info(`rl-agent alert resolved: Postgres answers again (unreachable since ${since.toISOString()})`)
      this.postgresDown_ = null
    }
    if (!options) return { postgres: "ok", readings: {}, transitions: [], deliveries: await undeliveredAlertsSql(m) }

    const readings = await this.readings(m, now)
    const transitions = evaluateAlerts(await openAlertsSql(m), readings, options, options.resolveAfterChecks)
    for (const t of transitions) {
      if (t.action === "raise") {
        if (await raiseAlertSql(m, { kind: t.kind, threshold: t.threshold, value: t.value, detail: t.detail, raised_at: now })) {
          this.logger_.warn(`rl-agent alert: ${describeAlert(t.kind, "raised", t.value, t.threshold).title} (${t.kind} ${t.value} > ${t.threshold})`)
        }
      } else if (t.action === "hold") {
        await updateOpenAlertSql(m, t.kind, { clear_checks: 0, last_value: t.value, peak: t.peak })
      } else if (t.action === "clearing") {
        await updateOpenAlertSql(m, t.kind, { clear_checks: t.clear_checks, last_value: t.value })
      } else if (await resolveAlertSql(m, t.kind, t.value, now)) {
        this.logger_.info(`rl-agent alert resolved: ${t.kind}`)
      }
    }
    await pruneRouteMinutesSql(m, new Date(now.getTime() - ROUTE_MINUTES_KEPT_MS))
    return { postgres: "ok", readings, transitions, deliveries: await undeliveredAlertsSql(m) }
  }

  /** Each reading; one whose source does not answer is left out (its alert stays as it is). */
  protected async readings(m: SqlManager, now: Date): Promise<AlertReadings> {
    const options = this.options_.alerts!
    const minute = now.getTime() - (now.getTime() % 60_000)
    const r: AlertReadings = { postgres_unreachable: { value: 0 } }

    const windows = await routeWindowsSql(m, {
      latencySince: new Date(minute - 60_000),
      errorsSince: new Date(minute - 5 * 60_000),
      memorySince: new Date(now.getTime() - 2 * 60_000),
    })
    const histogram = new LatencyHistogram()
    windows.latency_buckets.forEach((c, i) => (histogram.counts[i] = c))
    histogram.count = windows.latency_requests
    const p95 = histogram.quantile(0.95)
    const enough = (n: number) => n >= options.minRequests
    r.latency_p95 = {
      value: enough(windows.latency_requests) && p95 !== null ? Math.round(p95 * 1000) : null,
      detail: `${windows.latency_requests} requests in the current and previous minute`,
    }
    r.error_rate = {
      value: enough(windows.requests) ? windows.server_errors / windows.requests : null,
      detail: `${windows.server_errors} of ${windows.requests} responses in 5 minutes`,
    }
    r.memory = { value: Math.max(windows.memory_ratio ?? 0, memoryRatio()) }

    const agent = await this.learning_.getAgent(DEFAULT_AGENT_NAME)
    r.qtable_growth = { value: await newStatesSinceSql(m, agent.model_version, new Date(now.getTime() - 3_600_000)) }
    const backlog = await outboxBacklogSql(m)
    r.outbox_age = {
      value: backlog.oldest_at ? Math.max(0, (now.getTime() - backlog.oldest_at.getTime()) / 1000) : 0,
      detail: `${backlog.pending} jobs in the outbox`,
    }

    const redis = this.options_.redisUrl ? await this.pipeline_.pingRedis() : null
    if (redis) r.redis_unreachable = { value: redis.status === "down" ? 1 : 0, detail: redis.error }
    if (redis?.status !== "down") {
      const counts = await this.pipeline_.counts().catch(() => null)
      if (counts) r.failed_jobs = { value: counts.failed }
    }
    return r
  }
}
