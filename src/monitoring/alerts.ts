/**
 * The plugin's alerts: what each watches, its default threshold (the original
 * design's Annex C where it names one), and the rule that raises an alert
 * once when its reading crosses the threshold and resolves it once when the
 * reading has stayed clear for a few checks, so a flapping condition does not
 * send a storm of notifications. Plain TypeScript (no Medusa imports).
 */

export const ALERT_KINDS = [
  "qtable_growth",
  "latency_p95",
  "error_rate",
  "memory",
  "failed_jobs",
  "outbox_age",
  "redis_unreachable",
  "postgres_unreachable",
] as const
export type AlertKind = (typeof ALERT_KINDS)[number]

/** A threshold per alert; null turns that alert off. An alert fires when its reading is above its threshold. */
export type AlertThresholds = {
  /** New Q-table states of the serving model version in the last hour. */
  qTableGrowthPerHour: number | null
  /** p95 of the recommendation route over the current and the previous minute, in ms. */
  latencyP95Ms: number | null
  /** Share of the store routes' responses that were 5xx over the last 5 minutes (0–1). */
  errorRate: number | null
  /** Share of its memory in use (V8 heap of its limit, or resident of what it may use) of the fullest process: each server's latest reading (within 2 minutes) and the checking process's own (0–1). */
  memoryRatio: number | null
  /** Reward jobs in the queue's failed set. */
  failedJobs: number | null
  /** Age of the oldest reward job waiting in the Postgres outbox, in seconds. */
  outboxAgeSeconds: number | null
}

export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = {
  qTableGrowthPerHour: 1000,
  latencyP95Ms: 200,
  errorRate: 0.05,
  memoryRatio: 0.85,
  failedJobs: 0,
  outboxAgeSeconds: 300,
}

/** The threshold of each kind; the two unreachable alerts have none to set: they fire when the service does not answer. */
export function thresholdOf(kind: AlertKind, t: AlertThresholds): number | null {
  switch (kind) {
    case "qtable_growth":
      return t.qTableGrowthPerHour
    case "latency_p95":
      return t.latencyP95Ms
    case "error_rate":
      return t.errorRate
    case "memory":
      return t.memoryRatio
    case "failed_jobs":
      return t.failedJobs
    case "outbox_age":
      return t.outboxAgeSeconds
    case "redis_unreachable":
    case "postgres_unreachable":
      return 0
  }
}

/**
 * One reading. `value` null: nothing to judge (too few requests in the
 * window), which counts as clear. A kind missing from the readings was not
 * measured this time (its source did not answer): its alert stays as it is.
 */
export type AlertReading = { value: number | null; detail?: string }
export type AlertReadings = Partial<Record<AlertKind, AlertReading>>

/** An alert as stored and listed: dates as `Date` on the server, as ISO strings in the admin (JSON). */
export type AlertRecord<D = Date> = {
  id: string
  kind: AlertKind
  status: "firing" | "resolved"
  threshold: number
  /** the reading that raised it, the worst while it fired, the latest */
  value: number | null
  peak: number | null
  last_value: number | null
  detail: string | null
  raised_at: D
  resolved_at: D | null
}

export type FiringAlert = { kind: AlertKind; clear_checks: number; peak: number | null }

export type AlertTransition =
  | { kind: AlertKind; action: "raise"; value: number; threshold: number; detail?: string }
  | { kind: AlertKind; action: "hold"; value: number; peak: number }
  | { kind: AlertKind; action: "clearing"; clear_checks: number; value: number | null }
  | { kind: AlertKind; action: "resolve"; value: number | null }

/**
 * What one check does to each alert: raise one that is not firing and whose
 * reading is above its threshold; hold one still above (the clear count
 * starts again); count a clear check for one that is firing, and resolve it
 * at `resolveAfterChecks` consecutive clear checks. Unmeasured kinds and
 * kinds turned off (a firing alert whose kind was turned off resolves)
 * follow from the same rule.
 */
export function evaluateAlerts(
  firing: readonly FiringAlert[],
  readings: AlertReadings,
  thresholds: AlertThresholds,
  resolveAfterChecks: number
): AlertTransition[] {
  const open = new Map(firing.map((f) => [f.kind, f]))
  const out: AlertTransition[] = []
  for (const kind of ALERT_KINDS) {
    const threshold = thresholdOf(kind, thresholds)
    const current = open.get(kind)
    if (threshold === null) {
      if (current) out.push({ kind, action: "resolve", value: null })
      continue
    }
    const reading = readings[kind]
    if (!reading) continue
    const above = reading.value !== null && reading.value > threshold
    if (above && !current) out.push({ kind, action: "raise", value: reading.value!, threshold, detail: reading.detail })
    else if (above && current) out.push({ kind, action: "hold", value: reading.value!, peak: Math.max(current.peak ?? -Infinity, reading.value!) })
    else if (current) {
      const clear = current.clear_checks + 1
      out.push(clear >= resolveAfterChecks ? { kind, action: "resolve", value: reading.value } : { kind, action: "clearing", clear_checks: clear, value: reading.value })
    }
  }
  return out
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`

/** The reading and threshold as a merchant reads them. */
export function formatAlertValue(kind: AlertKind, v: number | null): string {
  if (v === null) return "—"
  switch (kind) {
    case "qtable_growth":
      return `${Math.round(v)} new states in the last hour`
    case "latency_p95":
      return `p95 ${Math.round(v)} ms`
    case "error_rate":
    case "memory":
      return pct(v)
    case "failed_jobs":
      return `${v} failed reward job${v === 1 ? "" : "s"}`
    case "outbox_age":
      return `oldest job waiting ${Math.round(v)} s`
    case "redis_unreachable":
    case "postgres_unreachable":
      return v > 0 ? "not answering" : "answering"
  }
}

const TITLES: Record<AlertKind, string> = {
  qtable_growth: "Q-table growing fast",
  latency_p95: "Recommendations slow",
  error_rate: "Recommendation routes failing",
  memory: "Memory nearly full",
  failed_jobs: "Reward jobs failed",
  outbox_age: "Rewards waiting in the outbox",
  redis_unreachable: "Redis unreachable",
  postgres_unreachable: "Postgres unreachable",
}

const ADVICE: Record<AlertKind, string> = {
  qtable_growth: "A state feature may have too many values (check the state model), or traffic is unusual.",
  latency_p95: "Check the database's load and the catalogue's size (GET /admin/rl/health shows the snapshots).",
  error_rate: "The server logs say why; GET /admin/rl/health shows which service is failing.",
  memory: "A process is close to its limit; the catalogue snapshots and the refresh are the largest users.",
  failed_jobs: "Their reasons are listed under Controls → Failed reward jobs; retry them there once the cause is fixed.",
  outbox_age: "Redis did not take the jobs back; rewards are kept and are applied when it does.",
  redis_unreachable: "Reward jobs go to the Postgres outbox meanwhile; none is lost.",
  postgres_unreachable: "Recommendations and rewards failed while it lasted.",
}

/** The notification's title and text: what crossed which threshold, and what to look at. */
export function describeAlert(
  kind: AlertKind,
  status: "raised" | "resolved",
  value: number | null,
  threshold: number
): { title: string; description: string } {
  if (status === "resolved") {
    return { title: `Resolved: ${TITLES[kind]}`, description: `Back within its threshold (now ${formatAlertValue(kind, value)}).` }
  }
  const limit = kind === "redis_unreachable" || kind === "postgres_unreachable" ? "" : ` (threshold ${formatAlertValue(kind, threshold)})`
  return { title: TITLES[kind], description: `${formatAlertValue(kind, value)}${limit}. ${ADVICE[kind]}` }
}
