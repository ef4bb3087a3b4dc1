/**
 * Shadow candidates: their rows, the decisions logged while one ran (the
 * candidate's probabilities beside what was served and what it earned), and
 * how often it agreed with the served strategy. Values are bound, never
 * interpolated.
 */
import { generateEntityId, MedusaError } from "@medusajs/framework/utils"
import type { StateModel } from "../../../learning/state"
import type { Strategy } from "../../../learning/strategies"
import type { ModelRow } from "./q-table"
import type { SqlManager } from "./sql"

export type ShadowStatus = "running" | "stopped" | "promoted"

export type ShadowRow = {
  id: string
  name: string
  snapshot_id: string | null
  epsilon: number | null
  status: ShadowStatus
  started_at: Date
  stopped_at: Date | null
  created_by: string | null
}

const COLUMNS = `id, name, snapshot_id, epsilon, status, started_at, stopped_at, created_by`

const toRow = (r: any): ShadowRow => ({
  ...r,
  epsilon: r.epsilon === null ? null : Number(r.epsilon),
  started_at: new Date(r.started_at),
  stopped_at: r.stopped_at ? new Date(r.stopped_at) : null,
})

/** Starts a shadow; refused while another runs (the one-running index). */
export async function createShadowSql(
  m: SqlManager,
  s: { name: string; snapshot_id: string | null; epsilon: number | null; created_by: string | null }
): Promise<ShadowRow> {
  const rows = await m.execute(
    `INSERT INTO rl_shadow (${COLUMNS}, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'running', now(), NULL, ?, now(), now())
     ON CONFLICT (status) WHERE status = 'running' AND deleted_at IS NULL DO NOTHING
     RETURNING ${COLUMNS}`,
    [generateEntityId(undefined, "rlsh"), s.name, s.snapshot_id, s.epsilon, s.created_by]
  )
  if (!rows.length) {
    const running = await runningShadowSql(m)
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Shadow "${running?.name}" (${running?.id}) is running: stop it before starting another (each decision logs one shadow)`
    )
  }
  return toRow(rows[0])
}

export async function runningShadowSql(m: SqlManager): Promise<ShadowRow | null> {
  const [row] = await m.execute(`SELECT ${COLUMNS} FROM rl_shadow WHERE status = 'running' AND deleted_at IS NULL`)
  return row ? toRow(row) : null
}

export async function getShadowSql(m: SqlManager, id: string): Promise<ShadowRow | null> {
  const [row] = await m.execute(`SELECT ${COLUMNS} FROM rl_shadow WHERE id = ? AND deleted_at IS NULL`, [id])
  return row ? toRow(row) : null
}

export async function listShadowsSql(m: SqlManager, page: { offset: number; limit: number }): Promise<{ shadows: ShadowRow[]; count: number }> {
  const rows = await m.execute(
    `SELECT ${COLUMNS}, count(*) OVER () AS total FROM rl_shadow WHERE deleted_at IS NULL
      ORDER BY (status = 'running') DESC, started_at DESC, id LIMIT ? OFFSET ?`,
    [page.limit, page.offset]
  )
  return { shadows: rows.map(({ total, ...r }: any) => toRow(r)), count: rows.length ? Number(rows[0].total) : 0 }
}

/** Ends a running shadow (stopped, or promoted to serving); its log stays. Null when it was not running. */
export async function endShadowSql(m: SqlManager, id: string, status: Exclude<ShadowStatus, "running">): Promise<ShadowRow | null> {
  const [row] = await m.execute(
    `UPDATE rl_shadow SET status = ?, stopped_at = now(), updated_at = now()
      WHERE id = ? AND status = 'running' AND deleted_at IS NULL RETURNING ${COLUMNS}`,
    [status, id]
  )
  return row ? toRow(row) : null
}

export type ShadowLogEntry = {
  state_key: string
  strategy: Strategy
  propensity: number
  reward: number
  /** the candidate's probability of each strategy in that decision */
  target: Record<Strategy, number>
}

/** The shadow's settled decisions, newest first: what was served, with which probability, what it earned, and the candidate's probabilities. */
export async function shadowLogSql(m: SqlManager, shadowId: string, settledBefore: Date, limit: number): Promise<ShadowLogEntry[]> {
  const rows = await m.execute(
    `SELECT d.state_key, d.strategy, d.propensity, d.shadow_probabilities, coalesce(sum(r.value), 0)::float8 AS reward
       FROM rl_decision d LEFT JOIN rl_reward r ON r.decision_id = d.id AND r.deleted_at IS NULL
      WHERE d.shadow_id = ? AND d.deleted_at IS NULL AND d.created_at < ? AND d.shadow_probabilities IS NOT NULL
      GROUP BY d.id ORDER BY d.created_at DESC LIMIT ?`,
    [shadowId, settledBefore, limit]
  )
  return rows.map((r: any) => ({
    state_key: r.state_key,
    strategy: r.strategy,
    propensity: Number(r.propensity),
    reward: Number(r.reward),
    target: r.shadow_probabilities,
  }))
}

export type ShadowCounts = {
  decisions: number
  /** decisions whose shadow draw was the served strategy */
  agreements: number
  /** per strategy: how often it was served, and how often the shadow drew it */
  by_strategy: Array<{ strategy: Strategy; served: number; shadow: number }>
}

export async function shadowCountsSql(m: SqlManager, shadowId: string): Promise<ShadowCounts> {
  // at most 36 (served, shadow) pairs
  const rows = await m.execute(
    `SELECT strategy, shadow_strategy, count(*)::int AS n FROM rl_decision
      WHERE shadow_id = ? AND deleted_at IS NULL GROUP BY strategy, shadow_strategy`,
    [shadowId]
  )
  const served = new Map<Strategy, number>()
  const shadow = new Map<Strategy, number>()
  let decisions = 0
  let agreements = 0
  for (const r of rows) {
    const n = Number(r.n)
    decisions += n
    if (r.strategy === r.shadow_strategy) agreements += n
    served.set(r.strategy, (served.get(r.strategy) ?? 0) + n)
    if (r.shadow_strategy) shadow.set(r.shadow_strategy, (shadow.get(r.shadow_strategy) ?? 0) + n)
  }
  const strategies = [...new Set([...served.keys(), ...shadow.keys()])].sort()
  return {
    decisions,
    agreements,
    by_strategy: strategies.map((s) => ({ strategy: s, served: served.get(s) ?? 0, shadow: shadow.get(s) ?? 0 })),
  }
}

/**
 * Stores a trained table (`npm run evaluate`'s model) as a snapshot, not
 * served: a candidate for a shadow or a model arm. Its state model and ε go
 * with it. Run it in a transaction.
 */
export async function importSnapshotSql(
  m: SqlManager,
  input: {
    label: string
    model_version: number
    state_model: StateModel
    epsilon: number | null
    rows: ModelRow[]
  }
): Promise<{ id: string; states: number; entries: number }> {
  const id = generateEntityId(undefined, "rlsnap")
  await m.execute(
    `INSERT INTO rl_snapshot (id, label, reason, model_version, agent, states, entries, created_at, updated_at)
     VALUES (?, ?, 'import', ?, ?::jsonb, ?, ?, now(), now())`,
    [
      id,
      input.label,
      input.model_version,
      JSON.stringify({ state_model: input.state_model, epsilon: input.epsilon }),
      new Set(input.rows.map((r) => r.state_key)).size,
      input.rows.length,
    ]
  )
  for (let i = 0; i < input.rows.length; i += 5000) {
    await m.execute(
      `INSERT INTO rl_snapshot_value (id, snapshot_id, state_key, strategy, value, visits, last_visited_at, created_at, updated_at)
       SELECT 'rlsv_' || replace(gen_random_uuid()::text, '-', ''), ?, x.state_key, x.strategy, x.value, x.visits, now(), now(), now()
         FROM jsonb_to_recordset(?::jsonb) AS x(state_key text, strategy text, value float8, visits int)`,
      [id, JSON.stringify(input.rows.slice(i, i + 5000))]
    )
  }
  return { id, states: new Set(input.rows.map((r) => r.state_key)).size, entries: input.rows.length }
}
