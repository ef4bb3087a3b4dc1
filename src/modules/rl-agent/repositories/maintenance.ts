/**
 * Set-based SQL for the scheduled jobs. Each function takes the manager of
 * the caller's transaction; values are always bound, never interpolated.
 */
import { generateEntityId } from "@medusajs/framework/utils"
import { agentParameters } from "../agent-parameters"
import { kindsSql, type SqlManager } from "./sql"

/** ε ← max(εmin, ε·decay) for an agent that is learning. Returns the new ε, or null if paused. */
export async function decayEpsilonSql(m: SqlManager, agentName: string): Promise<number | null> {
  const rows = await m.execute(
    `UPDATE rl_agent SET epsilon = greatest(epsilon_min, epsilon * epsilon_decay), updated_at = now()
      WHERE name = ? AND learning_enabled AND deleted_at IS NULL
      RETURNING epsilon`,
    [agentName]
  )
  return rows.length ? Number(rows[0].epsilon) : null
}

/**
 * Keeps the `maxStates` most recently visited states of a model version and
 * deletes the rest (all six rows of a state go together). Returns rows deleted.
 */
export async function pruneQTableSql(m: SqlManager, modelVersion: number, maxStates: number): Promise<number> {
  const rows = await m.execute(
    `WITH states AS (
       SELECT state_key, max(coalesce(last_visited_at, created_at)) AS last_visit
         FROM rl_q_value WHERE model_version = ? AND deleted_at IS NULL
        GROUP BY state_key
     ), victims AS (
       SELECT state_key FROM states ORDER BY last_visit DESC, state_key OFFSET ?
     )
     DELETE FROM rl_q_value q USING victims v
      WHERE q.model_version = ? AND q.state_key = v.state_key
     RETURNING q.id`,
    [modelVersion, maxStates, modelVersion]
  )
  return rows.length
}

/** Copies the agent and its current Q-table into a snapshot. */
export async function createSnapshotSql(
  m: SqlManager,
  agent: Record<string, unknown> & { model_version: number },
  reason: "scheduled" | "manual" | "pre_restore" | "import",
  label: string | null
): Promise<{ id: string; states: number; entries: number }> {
  const id = generateEntityId(undefined, "rlsnap")
  const params = { ...agentParameters(agent as any), state_model: agent.state_model }
  await m.execute(
    `INSERT INTO rl_snapshot (id, label, reason, model_version, agent, states, entries, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?::jsonb, 0, 0, now(), now())`,
    [id, label, reason, agent.model_version, JSON.stringify(params)]
  )
  await m.execute(
    `INSERT INTO rl_snapshot_value (id, snapshot_id, state_key, strategy, value, visits, last_visited_at, created_at, updated_at)
     SELECT 'rlsv_' || replace(gen_random_uuid()::text, '-', ''), ?, state_key, strategy, value, visits, last_visited_at, now(), now()
       FROM rl_q_value WHERE model_version = ? AND deleted_at IS NULL`,
    [id, agent.model_version]
  )
  const [counts] = await m.execute(
    `UPDATE rl_snapshot s SET
        states = (SELECT count(DISTINCT state_key) FROM rl_snapshot_value WHERE snapshot_id = s.id),
        entries = (SELECT count(*) FROM rl_snapshot_value WHERE snapshot_id = s.id)
      WHERE s.id = ? RETURNING states, entries`,
    [id]
  )
  return { id, states: Number(counts.states), entries: Number(counts.entries) }
}

/** Deletes snapshots (and their values) older than `days`. Returns snapshots deleted. */
export async function pruneSnapshotsSql(m: SqlManager, days: number): Promise<number> {
  await m.execute(
    `DELETE FROM rl_snapshot_value WHERE snapshot_id IN (
       SELECT id FROM rl_snapshot WHERE created_at < now() - (? * interval '1 day'))`,
    [days]
  )
  const rows = await m.execute(
    `DELETE FROM rl_snapshot WHERE created_at < now() - (? * interval '1 day') RETURNING id`,
    [days]
  )
  return rows.length
}

/** Deletes decisions (and their rewards) older than `days`. Returns decisions deleted. */
export async function deleteDecisionsOlderThanSql(m: SqlManager, days: number): Promise<number> {
  await m.execute(
    `DELETE FROM rl_reward WHERE decision_id IN (
       SELECT id FROM rl_decision WHERE created_at < now() - (? * interval '1 day'))`,
    [days]
  )
  const rows = await m.execute(
    `DELETE FROM rl_decision WHERE created_at < now() - (? * interval '1 day') RETURNING id`,
    [days]
  )
  return rows.length
}

/**
 * Recomputes the hourly rollup for decisions made since `since`: rewards are
 * counted in the hour of the decision that earned them, so recent hours are
 * recomputed as late rewards (conversions, retention) arrive. Each hour that has
 * decisions is replaced whole, so a group that no longer has any (an erased
 * customer's) goes. Idempotent; run it in a transaction.
 */
export async function rollupMetricsSql(m: SqlManager, since: Date): Promise<number> {
  await m.execute(
    `DELETE FROM rl_metric_hourly
      WHERE deleted_at IS NULL AND hour IN (
        SELECT DISTINCT date_trunc('hour', created_at) FROM rl_decision
         WHERE created_at >= date_trunc('hour', ?::timestamptz) AND deleted_at IS NULL)`,
    [since]
  )
  const rows = await m.execute(
    `WITH d AS (
       SELECT id, date_trunc('hour', created_at) AS hour, strategy, explored,
              coalesce(nullif(features->>'country', ''), 'unknown') AS country,
              coalesce(lower(currency_code), 'unknown') AS currency_code,
              CASE WHEN customer_hash IS NULL THEN 'guest'
                   WHEN coalesce((features->>'engagementLevel')::float8, 0) > 0 THEN 'returning'
                   ELSE 'new' END AS segment
         FROM rl_decision
        WHERE created_at >= date_trunc('hour', ?::timestamptz) AND deleted_at IS NULL
     ), r AS (
       SELECT r.decision_id,
              count(*) FILTER (WHERE r.kind = ${kindsSql("engagement")}) AS engagements,
              count(*) FILTER (WHERE r.kind = ${kindsSql("conversion")}) AS conversions,
              count(*) FILTER (WHERE r.kind = ${kindsSql("clawback")} AND r.source_event_id LIKE 'cancel|%') AS cancelled,
              coalesce(sum(r.amount) FILTER (WHERE r.kind IN (${kindsSql("revenue", "clawback")})), 0) AS revenue,
              coalesce(sum(r.value) FILTER (WHERE r.kind NOT IN (${kindsSql("view", "episode_end")})), 0) AS reward_sum,
              count(*) FILTER (WHERE r.kind = ${kindsSql("abandonment")}) AS abandonments,
              count(*) FILTER (WHERE r.kind = ${kindsSql("rejection")}) AS rejections
         FROM rl_reward r JOIN d ON d.id = r.decision_id
        WHERE r.deleted_at IS NULL
        GROUP BY r.decision_id
     )
     INSERT INTO rl_metric_hourly (id, hour, strategy, country, segment, currency_code, decisions, explored, engagements,
       conversions, revenue, reward_sum, abandonments, rejections, created_at, updated_at)
     SELECT 'rlmh_' || replace(gen_random_uuid()::text, '-', ''), d.hour, d.strategy, d.country, d.segment, d.currency_code,
            count(*), count(*) FILTER (WHERE d.explored),
            coalesce(sum(r.engagements), 0),
            coalesce(sum(greatest(r.conversions - r.cancelled, 0)), 0),
            coalesce(sum(r.revenue), 0), coalesce(sum(r.reward_sum), 0),
            coalesce(sum(r.abandonments), 0), coalesce(sum(r.rejections), 0),
            now(), now()
       FROM d LEFT JOIN r ON r.decision_id = d.id
      GROUP BY d.hour, d.strategy, d.country, d.segment, d.currency_code
     ON CONFLICT (hour, strategy, country, segment, currency_code) WHERE deleted_at IS NULL DO UPDATE SET
       decisions = EXCLUDED.decisions, explored = EXCLUDED.explored, engagements = EXCLUDED.engagements,
       conversions = EXCLUDED.conversions, revenue = EXCLUDED.revenue, reward_sum = EXCLUDED.reward_sum,
       abandonments = EXCLUDED.abandonments, rejections = EXCLUDED.rejections, updated_at = now()
     RETURNING id`,
    [since]
  )
  return rows.length
}
