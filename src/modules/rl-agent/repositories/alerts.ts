/**
 * The alerts' storage: the server processes' route minutes, the readings the
 * check takes from them and from the Q-table, and the alerts themselves with
 * their deliveries. Raising and resolving are single statements guarded by
 * the one-open-alert-per-kind index, so two checks at once change an alert
 * once.
 */
import { generateEntityId } from "@medusajs/framework/utils"
import type { AlertKind } from "../../../monitoring/alerts"
import type { AlertDelivery, AlertRow, RouteMinute } from "../types/shapes"
import type { SqlManager } from "./sql"

const ALERT_COLUMNS = `id, kind, threshold, value, peak, last_value, detail, raised_at, resolved_at,
  CASE WHEN resolved_at IS NULL THEN 'firing' ELSE 'resolved' END AS status`

const toRow = (r: any): AlertRow => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  threshold: Number(r.threshold),
  value: r.value === null ? null : Number(r.value),
  peak: r.peak === null ? null : Number(r.peak),
  last_value: r.last_value === null ? null : Number(r.last_value),
  detail: r.detail ?? null,
  raised_at: new Date(r.raised_at),
  resolved_at: r.resolved_at ? new Date(r.resolved_at) : null,
})

/** Writes (or rewrites: a row holds the minute's totals so far) a process's minutes. */
export async function upsertRouteMinutesSql(m: SqlManager, rows: RouteMinute[]): Promise<void> {
  if (!rows.length) return
  await m.execute(
    `INSERT INTO rl_route_minute (id, process, minute, route, requests, server_errors, buckets, memory_ratio, created_at, updated_at)
     SELECT 'rlrtm_' || replace(gen_random_uuid()::text, '-', ''), x.process, x.minute, x.route, x.requests, x.server_errors,
            x.buckets, x.memory_ratio, now(), now()
       FROM jsonb_to_recordset(?::jsonb) AS x(process text, minute timestamptz, route text, requests int, server_errors int,
                                               buckets jsonb, memory_ratio float8)
     ON CONFLICT (process, minute, route) WHERE deleted_at IS NULL DO UPDATE
        SET requests = EXCLUDED.requests, server_errors = EXCLUDED.server_errors, buckets = EXCLUDED.buckets,
            memory_ratio = EXCLUDED.memory_ratio, updated_at = now()`,
    [JSON.stringify(rows)]
  )
}

export type RouteWindows = {
  /** the recommendation route's bucket counts summed over every process, since `latencySince` */
  latency_buckets: number[]
  latency_requests: number
  /** every timed route, since `errorsSince` */
  requests: number
  server_errors: number
  /** the highest of the processes' latest memory, of those that wrote since `memorySince`; null: none did */
  memory_ratio: number | null
}

export async function routeWindowsSql(
  m: SqlManager,
  at: { latencySince: Date; errorsSince: Date; memorySince: Date }
): Promise<RouteWindows> {
  const [row] = await m.execute(
    `SELECT coalesce(sum(requests) FILTER (WHERE route = 'recommendations' AND minute >= ?), 0)::int AS latency_requests,
            coalesce(sum(requests) FILTER (WHERE minute >= ?), 0)::int AS requests,
            coalesce(sum(server_errors) FILTER (WHERE minute >= ?), 0)::int AS server_errors,
            (SELECT max(memory_ratio) FROM (
               SELECT DISTINCT ON (process) memory_ratio FROM rl_route_minute
                WHERE updated_at >= ? ORDER BY process, updated_at DESC) latest) AS memory_ratio,
            (SELECT coalesce(jsonb_agg(c ORDER BY i), '[]'::jsonb) FROM (
               SELECT b.i, sum(b.c::int) AS c
                 FROM rl_route_minute r2, jsonb_array_elements_text(r2.buckets) WITH ORDINALITY AS b(c, i)
                WHERE r2.route = 'recommendations' AND r2.minute >= ?
                GROUP BY b.i) s) AS latency_buckets
       FROM rl_route_minute
      WHERE minute >= least(?::timestamptz, ?::timestamptz, ?::timestamptz)`,
    [at.latencySince, at.errorsSince, at.errorsSince, at.memorySince, at.latencySince, at.latencySince, at.errorsSince, at.memorySince]
  )
  return {
    latency_buckets: (row?.latency_buckets ?? []).map(Number),
    latency_requests: Number(row?.latency_requests ?? 0),
    requests: Number(row?.requests ?? 0),
    server_errors: Number(row?.server_errors ?? 0),
    memory_ratio: row?.memory_ratio === null || row?.memory_ratio === undefined ? null : Number(row.memory_ratio),
  }
}

/**
 * States of the model version whose first cell was created since `since`,
 * leaving out the cells the version began with: a loaded model or a restored
 * snapshot writes its table in one transaction (one created_at), which is
 * not growth.
 */
export async function newStatesSinceSql(m: SqlManager, modelVersion: number, since: Date): Promise<number> {
  const [row] = await m.execute(
    `WITH firsts AS (
       SELECT min(created_at) AS first FROM rl_q_value
        WHERE model_version = ? AND deleted_at IS NULL GROUP BY state_key
     )
     SELECT count(*) FILTER (WHERE first >= ? AND first > (SELECT min(first) FROM firsts))::int AS n FROM firsts`,
    [modelVersion, since]
  )
  return Number(row?.n ?? 0)
}

export async function pruneRouteMinutesSql(m: SqlManager, before: Date): Promise<void> {
  await m.execute(`DELETE FROM rl_route_minute WHERE minute < ?`, [before])
}

export async function openAlertsSql(m: SqlManager): Promise<Array<{ kind: AlertKind; clear_checks: number; peak: number | null }>> {
  const rows = await m.execute(`SELECT kind, clear_checks, peak FROM rl_alert WHERE resolved_at IS NULL AND deleted_at IS NULL`)
  return rows.map((r: any) => ({ kind: r.kind, clear_checks: Number(r.clear_checks), peak: r.peak === null ? null : Number(r.peak) }))
}

/** Opens the kind's alert unless one is open. Returns whether this call opened it. */
export async function raiseAlertSql(
  m: SqlManager,
  a: { kind: AlertKind; threshold: number; value: number; detail?: string | null; raised_at: Date }
): Promise<boolean> {
  const rows = await m.execute(
    `INSERT INTO rl_alert (id, kind, threshold, value, peak, last_value, detail, clear_checks, raised_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, now(), now())
     ON CONFLICT (kind) WHERE resolved_at IS NULL AND deleted_at IS NULL DO NOTHING
     RETURNING id`,
    [generateEntityId(undefined, "rlalert"), a.kind, a.threshold, a.value, a.value, a.value, a.detail ?? null, a.raised_at]
  )
  return rows.length > 0
}

/**
 * An outage that could not be stored while it lasted (Postgres unreachable),
 * stored raised and resolved; unless another process that saw the same
 * outage stored it first (an alert of the kind overlapping it).
 */
export async function recordOutageSql(
  m: SqlManager,
  a: { kind: AlertKind; detail: string; since: Date; until: Date }
): Promise<boolean> {
  const rows = await m.execute(
    `INSERT INTO rl_alert (id, kind, threshold, value, peak, last_value, detail, clear_checks, raised_at, resolved_at, created_at, updated_at)
     SELECT ?, ?, 0, 1, 1, 0, ?, 0, ?, ?, now(), now()
      WHERE NOT EXISTS (SELECT 1 FROM rl_alert WHERE kind = ? AND deleted_at IS NULL AND raised_at <= ? AND coalesce(resolved_at, 'infinity') >= ?)
     RETURNING id`,
    [generateEntityId(undefined, "rlalert"), a.kind, a.detail, a.since, a.until, a.kind, a.until, a.since]
  )
  return rows.length > 0
}

/** A firing alert still above (`clear_checks` 0) or clearing: its latest reading and count. */
export async function updateOpenAlertSql(
  m: SqlManager,
  kind: AlertKind,
  u: { clear_checks: number; last_value: number | null; peak?: number }
): Promise<void> {
  await m.execute(
    `UPDATE rl_alert SET clear_checks = ?, last_value = ?, peak = greatest(peak, ?), updated_at = now()
      WHERE kind = ? AND resolved_at IS NULL AND deleted_at IS NULL`,
    [u.clear_checks, u.last_value, u.peak ?? null, kind]
  )
}

/** Closes the kind's open alert. Returns whether this call closed it. */
export async function resolveAlertSql(m: SqlManager, kind: AlertKind, lastValue: number | null, at: Date): Promise<boolean> {
  const rows = await m.execute(
    `UPDATE rl_alert SET resolved_at = ?, last_value = coalesce(?, last_value), updated_at = now()
      WHERE kind = ? AND resolved_at IS NULL AND deleted_at IS NULL RETURNING id`,
    [at, lastValue, kind]
  )
  return rows.length > 0
}

/** Raises and resolves not yet delivered, oldest first. */
export async function undeliveredAlertsSql(m: SqlManager, limit = 100): Promise<AlertDelivery[]> {
  const rows = await m.execute(
    `SELECT ${ALERT_COLUMNS}, 'raised' AS phase, raised_at AS at FROM rl_alert
      WHERE raise_delivered_at IS NULL AND deleted_at IS NULL
     UNION ALL
     SELECT ${ALERT_COLUMNS}, 'resolved' AS phase, resolved_at AS at FROM rl_alert
      WHERE resolved_at IS NOT NULL AND resolve_delivered_at IS NULL AND deleted_at IS NULL
     ORDER BY at, phase LIMIT ?`,
    [limit]
  )
  return rows.map((r: any) => ({ ...toRow(r), phase: r.phase }))
}

export async function markDeliveredSql(m: SqlManager, deliveries: Array<{ id: string; phase: "raised" | "resolved" }>): Promise<void> {
  const raised = deliveries.filter((d) => d.phase === "raised").map((d) => d.id)
  const resolved = deliveries.filter((d) => d.phase === "resolved").map((d) => d.id)
  if (raised.length) await m.execute(`UPDATE rl_alert SET raise_delivered_at = now() WHERE id IN (?) AND raise_delivered_at IS NULL`, [raised])
  if (resolved.length) await m.execute(`UPDATE rl_alert SET resolve_delivered_at = now() WHERE id IN (?) AND resolve_delivered_at IS NULL`, [resolved])
}

export async function listAlertsSql(
  m: SqlManager,
  filters: { status?: "firing" | "resolved"; kind?: AlertKind },
  page: { offset: number; limit: number }
): Promise<{ alerts: AlertRow[]; count: number }> {
  const where = ["deleted_at IS NULL"]
  const bindings: unknown[] = []
  if (filters.status === "firing") where.push("resolved_at IS NULL")
  if (filters.status === "resolved") where.push("resolved_at IS NOT NULL")
  if (filters.kind) {
    where.push("kind = ?")
    bindings.push(filters.kind)
  }
  const rows = await m.execute(
    `SELECT ${ALERT_COLUMNS}, count(*) OVER () AS total FROM rl_alert WHERE ${where.join(" AND ")}
      ORDER BY (resolved_at IS NULL) DESC, raised_at DESC, id LIMIT ? OFFSET ?`,
    [...bindings, page.limit, page.offset]
  )
  return { alerts: rows.map(toRow), count: rows.length ? Number(rows[0].total) : 0 }
}
