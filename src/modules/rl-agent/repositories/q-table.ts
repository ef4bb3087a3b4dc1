/**
 * The Q-table: per-request reads, its size, and the off-policy log that
 * reads it with the decisions. Values are bound, never interpolated.
 */
import { MedusaError, generateEntityId } from "@medusajs/framework/utils"
import { PRIOR_STATE_KEY, type StateModel } from "../../../learning/state"
import { STRATEGIES, type Strategy } from "../../../learning/strategies"
import type { RlAgentDTO } from "../types/shapes"
import { createSnapshotSql } from "./maintenance"
import type { SqlManager } from "./sql"

/** Q of the six strategies in one state, untried ones at the prior row's: one indexed query. */
export async function qValuesSql(m: SqlManager, modelVersion: number, key: string): Promise<Partial<Record<Strategy, number>>> {
  // the state's row and the prior row in one indexed read; a strategy the state has not tried reads the prior
  const rows = await m.execute(
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

/** Q-table size for a model version. */
export async function tableStatsSql(
  m: SqlManager,
  modelVersion: number
): Promise<{ states: number; entries: number; last_visited_at: Date | null }> {
  const [row] = await m.execute(
    `SELECT count(DISTINCT state_key)::int AS states, count(*)::int AS entries,
            max(last_visited_at) AS last_visited_at
       FROM rl_q_value WHERE model_version = ? AND deleted_at IS NULL`,
    [modelVersion]
  )
  return { states: row.states, entries: row.entries, last_visited_at: row.last_visited_at ?? null }
}

/**
 * Settled decisions (created before `settledBefore`) of a model version with
 * their summed rewards, and the Q values of their states: the input of the
 * off-policy estimates. Two queries, at most `limit` decisions, newest first.
 */
export async function opeLogSql(
  m: SqlManager,
  input: { model_version: number; limit: number; since?: Date | null; settledBefore: Date }
): Promise<{
  decisions: Array<{ state_key: string; strategy: Strategy; propensity: number; reward: number }>
  q: Map<string, Partial<Record<Strategy, number>>>
}> {
  const decisions = await m.execute(
    `SELECT d.state_key, d.strategy, d.propensity, coalesce(sum(r.value), 0)::float8 AS reward
       FROM rl_decision d LEFT JOIN rl_reward r ON r.decision_id = d.id AND r.deleted_at IS NULL
      WHERE d.model_version = ? AND d.deleted_at IS NULL AND d.created_at < ? AND d.created_at >= ?
      GROUP BY d.id ORDER BY d.created_at DESC LIMIT ?`,
    [input.model_version, input.settledBefore, input.since ?? new Date(0), input.limit]
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

/** One Q value of a trained model (`npm run evaluate`'s model.json). */
export type ModelRow = { state_key: string; strategy: Strategy; value: number; visits: number }

/** Refuses a model with a row that is not a (state, strategy, finite value, visits). */
export function assertModelRows(rows: readonly ModelRow[]): void {
  const bad = rows.find((r) => !STRATEGIES.includes(r.strategy) || !Number.isFinite(r.value) || !(r.visits >= 0) || !r.state_key)
  if (bad) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `Model row ${JSON.stringify(bad)} is not a (state, strategy, finite value, visits)`)
  }
}

/**
 * Starts a new model version from a trained Q-table: the current table is
 * snapshotted first, the agent switches to the new version with the model's
 * state model, and the report, if given, is stored as the latest evaluation.
 * Run it in a transaction.
 */
export async function loadModelSql(
  m: SqlManager,
  agent: RlAgentDTO,
  input: {
    state_model: StateModel
    rows: Array<{ state_key: string; strategy: Strategy; value: number; visits: number }>
    report?: Record<string, unknown> | null
  }
): Promise<{ model_version: number; entries: number; snapshot_id: string; evaluation_id: string | null }> {
  assertModelRows(input.rows)
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
  return { model_version: version, entries: input.rows.length, snapshot_id: snapshot.id, evaluation_id: evaluationId }
}

/**
 * Rolls the agent back to a snapshot: the current table is snapshotted first
 * (so the rollback can itself be undone), the snapshot's Q values become a
 * new model version, and its ε, α, γ, decay and state model are restored.
 * Run it in a transaction.
 */
export async function restoreSnapshotSql(
  m: SqlManager,
  snapshotId: string,
  loadAgent: () => Promise<RlAgentDTO>
): Promise<{ model_version: number; entries: number; pre_restore_snapshot_id: string }> {
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
  const agent = await loadAgent()
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
  return { model_version: version, entries: copied.length, pre_restore_snapshot_id: before.id }
}

export type SnapshotMeta = {
  id: string
  entries: number
  /** the ε it was taken with; null: none recorded (the agent's is used) */
  epsilon: number | null
  /** the state model its keys were made with (a trained model's own bins); null: the default */
  state_model: StateModel | null
}

/** A snapshot's row: what a candidate made of it needs (null: no such snapshot). */
export async function snapshotMetaSql(m: SqlManager, snapshotId: string): Promise<SnapshotMeta | null> {
  const [row] = await m.execute(`SELECT id, entries, agent FROM rl_snapshot WHERE id = ? AND deleted_at IS NULL`, [snapshotId])
  if (!row) return null
  const epsilon = row.agent?.epsilon
  return {
    id: row.id,
    entries: Number(row.entries),
    epsilon: epsilon !== undefined && epsilon !== null && Number.isFinite(Number(epsilon)) ? Number(epsilon) : null,
    state_model: row.agent?.state_model ?? null,
  }
}

/** A snapshot's Q values for some states, the prior row filling the strategies a state lacks (as in serving). */
export async function snapshotValuesSql(m: SqlManager, snapshotId: string, stateKeys: string[]): Promise<Map<string, Partial<Record<Strategy, number>>>> {
  const rows = await m.execute(
    `SELECT state_key, strategy, value FROM rl_snapshot_value WHERE snapshot_id = ? AND state_key IN (?) AND deleted_at IS NULL`,
    [snapshotId, [...new Set(stateKeys), PRIOR_STATE_KEY]]
  )
  const prior: Partial<Record<Strategy, number>> = {}
  for (const r of rows) if (r.state_key === PRIOR_STATE_KEY) prior[r.strategy as Strategy] = Number(r.value)
  const q = new Map<string, Partial<Record<Strategy, number>>>(stateKeys.map((k) => [k, { ...prior }]))
  for (const r of rows) if (r.state_key !== PRIOR_STATE_KEY) q.get(r.state_key)![r.strategy as Strategy] = Number(r.value)
  return q
}

/**
 * A snapshot's policy on some states: its Q values, the ε it was taken with
 * and its state model — the candidate a promotion is judged on. Null when
 * there is no such snapshot.
 */
export async function snapshotPolicySql(
  m: SqlManager,
  snapshotId: string,
  stateKeys: string[]
): Promise<{ epsilon: number | null; state_model: StateModel | null; q: Map<string, Partial<Record<Strategy, number>>> } | null> {
  const meta = await snapshotMetaSql(m, snapshotId)
  if (!meta) return null
  return { epsilon: meta.epsilon, state_model: meta.state_model, q: await snapshotValuesSql(m, snapshotId, stateKeys) }
}
