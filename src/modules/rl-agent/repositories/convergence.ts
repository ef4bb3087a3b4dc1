/**
 * The convergence indicators (learning/convergence.ts says what each means),
 * per model version and UTC day, from the decision and reward logs: no work
 * on the recommendation or reward path. Recomputed for the days from `since`
 * on, reading a trailing week before them (the variance's window, and the
 * earlier decisions a state's greedy strategy is compared with).
 */
import { CONVERGENCE_WINDOW_DAYS, type ConvergenceDay } from "../../../learning/convergence"
import type { SqlManager } from "./sql"

export async function rollupConvergenceSql(m: SqlManager, since: Date): Promise<number> {
  const rows = await m.execute(
    `WITH bounds AS (
       SELECT (?::timestamptz AT TIME ZONE 'UTC')::date AS first_day,
              (?::timestamptz AT TIME ZONE 'UTC')::date - ?::int AS window_start
     ), dec AS (
       SELECT d.id, d.model_version, d.state_key, d.explored, d.epsilon, d.created_at,
              (d.created_at AT TIME ZONE 'UTC')::date AS day,
              (SELECT e.key FROM jsonb_each_text(d.q_values) e ORDER BY e.value::float8 DESC, e.key LIMIT 1) AS greedy
         FROM rl_decision d, bounds b
        WHERE d.deleted_at IS NULL AND d.created_at >= b.window_start::timestamp AT TIME ZONE 'UTC'
     ), last_of_day AS (
       SELECT DISTINCT ON (model_version, state_key, day) model_version, state_key, day, greedy
         FROM dec ORDER BY model_version, state_key, day, created_at DESC, id DESC
     ), greedy AS (
       SELECT model_version, day, count(prev)::int AS states_compared,
              (count(*) FILTER (WHERE prev <> greedy))::float8 / nullif(count(prev), 0) AS changed_share
         FROM (SELECT model_version, day, greedy,
                      CASE WHEN lag(day) OVER w >= day - ?::int THEN lag(greedy) OVER w END AS prev
                 FROM last_of_day WINDOW w AS (PARTITION BY model_version, state_key ORDER BY day)) x
        GROUP BY model_version, day
     ), upd AS (
       SELECT d.model_version, d.state_key, d.strategy, r.q_after, (r.created_at AT TIME ZONE 'UTC')::date AS day,
              coalesce(lag(r.q_after) OVER (PARTITION BY d.model_version, d.state_key, d.strategy ORDER BY r.created_at, r.id),
                       (d.q_values ->> d.strategy::text)::float8) AS q_before
         FROM rl_reward r JOIN rl_decision d ON d.id = r.decision_id, bounds b
        WHERE r.deleted_at IS NULL AND d.deleted_at IS NULL AND r.q_after IS NOT NULL
          AND r.created_at >= b.window_start::timestamp AT TIME ZONE 'UTC'
     ), moved AS (
       SELECT model_version, day, count(*)::int AS updates, avg(abs(q_after - q_before)) AS mean_abs_delta_q
         FROM upd GROUP BY model_version, day
     ), qvar AS (
       SELECT model_version, day, avg(v) AS q_variance
         FROM (SELECT days.model_version, days.day, var_pop(u.q_after) AS v
                 FROM (SELECT DISTINCT model_version, day FROM upd) days
                 JOIN upd u ON u.model_version = days.model_version AND u.day > days.day - ?::int AND u.day <= days.day
                GROUP BY days.model_version, days.day, u.state_key, u.strategy) cells
        GROUP BY model_version, day
     ), rew AS (
       SELECT d.model_version, (r.created_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS rewards,
              avg(r.value) AS reward_mean, var_samp(r.value) AS reward_variance
         FROM rl_reward r JOIN rl_decision d ON d.id = r.decision_id, bounds b
        WHERE r.deleted_at IS NULL AND d.deleted_at IS NULL AND r.kind NOT IN ('view', 'episode_end')
          AND r.created_at >= b.first_day::timestamp AT TIME ZONE 'UTC'
        GROUP BY 1, 2
     ), days AS (
       SELECT model_version, day, count(*)::int AS decisions, avg(explored::int) AS exploration_rate, avg(epsilon) AS epsilon
         FROM dec GROUP BY model_version, day
     ), keys AS (
       SELECT model_version, day FROM days UNION SELECT model_version, day FROM moved UNION SELECT model_version, day FROM rew
     )
     INSERT INTO rl_convergence_daily (id, model_version, day, decisions, updates, mean_abs_delta_q, q_variance, states_compared,
       greedy_changed_share, exploration_rate, epsilon, rewards, reward_mean, reward_variance, created_at, updated_at)
     SELECT 'rlcvg_' || replace(gen_random_uuid()::text, '-', ''), k.model_version, k.day::timestamp AT TIME ZONE 'UTC',
            coalesce(dd.decisions, 0), coalesce(mv.updates, 0), mv.mean_abs_delta_q, qv.q_variance,
            coalesce(g.states_compared, 0), g.changed_share, dd.exploration_rate, dd.epsilon,
            coalesce(rw.rewards, 0), rw.reward_mean, rw.reward_variance, now(), now()
       FROM keys k CROSS JOIN bounds b
       LEFT JOIN days dd USING (model_version, day)
       LEFT JOIN moved mv USING (model_version, day)
       LEFT JOIN qvar qv USING (model_version, day)
       LEFT JOIN greedy g USING (model_version, day)
       LEFT JOIN rew rw USING (model_version, day)
      WHERE k.day >= b.first_day
     ON CONFLICT (model_version, day) WHERE deleted_at IS NULL DO UPDATE SET
       decisions = EXCLUDED.decisions, updates = EXCLUDED.updates, mean_abs_delta_q = EXCLUDED.mean_abs_delta_q,
       q_variance = EXCLUDED.q_variance, states_compared = EXCLUDED.states_compared,
       greedy_changed_share = EXCLUDED.greedy_changed_share, exploration_rate = EXCLUDED.exploration_rate,
       epsilon = EXCLUDED.epsilon, rewards = EXCLUDED.rewards, reward_mean = EXCLUDED.reward_mean,
       reward_variance = EXCLUDED.reward_variance, updated_at = now()
     RETURNING id`,
    [since, since, CONVERGENCE_WINDOW_DAYS, CONVERGENCE_WINDOW_DAYS, CONVERGENCE_WINDOW_DAYS]
  )
  return rows.length
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v))

/** A model version's last `days` days on record, oldest first. */
export async function listConvergenceSql(m: SqlManager, modelVersion: number, days: number): Promise<ConvergenceDay[]> {
  const rows: any[] = await m.execute(
    `SELECT * FROM (
       SELECT model_version, day AS at, to_char(day AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, decisions, updates, mean_abs_delta_q,
              q_variance, states_compared, greedy_changed_share, exploration_rate, epsilon, rewards, reward_mean, reward_variance
         FROM rl_convergence_daily
        WHERE deleted_at IS NULL AND model_version = ?
        ORDER BY day DESC LIMIT ?) last
      ORDER BY at`,
    [modelVersion, days]
  )
  return rows.map((r) => ({
    day: r.day,
    model_version: Number(r.model_version),
    decisions: Number(r.decisions),
    updates: Number(r.updates),
    mean_abs_delta_q: num(r.mean_abs_delta_q),
    q_variance: num(r.q_variance),
    states_compared: Number(r.states_compared),
    greedy_changed_share: num(r.greedy_changed_share),
    exploration_rate: num(r.exploration_rate),
    epsilon: num(r.epsilon),
    rewards: Number(r.rewards),
    reward_mean: num(r.reward_mean),
    reward_variance: num(r.reward_variance),
  }))
}

/** A trained model's days (its replay of the history, `npm run evaluate`), stored under the version it was loaded as. */
export async function insertConvergenceDaysSql(m: SqlManager, modelVersion: number, days: readonly ConvergenceDay[]): Promise<number> {
  if (!days.length) return 0
  const rows = await m.execute(
    `INSERT INTO rl_convergence_daily (id, model_version, day, decisions, updates, mean_abs_delta_q, q_variance, states_compared,
       greedy_changed_share, exploration_rate, epsilon, rewards, reward_mean, reward_variance, created_at, updated_at)
     SELECT 'rlcvg_' || replace(gen_random_uuid()::text, '-', ''), ?, x.day::timestamp AT TIME ZONE 'UTC', x.decisions, x.updates,
            x.mean_abs_delta_q, x.q_variance, x.states_compared, x.greedy_changed_share, x.exploration_rate, x.epsilon,
            x.rewards, x.reward_mean, x.reward_variance, now(), now()
       FROM jsonb_to_recordset(?::jsonb) AS x(day date, decisions int, updates int, mean_abs_delta_q float8, q_variance float8,
            states_compared int, greedy_changed_share float8, exploration_rate float8, epsilon float8, rewards int,
            reward_mean float8, reward_variance float8)
     ON CONFLICT (model_version, day) WHERE deleted_at IS NULL DO NOTHING
     RETURNING id`,
    [modelVersion, JSON.stringify(days)]
  )
  return rows.length
}
