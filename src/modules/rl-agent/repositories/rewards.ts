/**
 * The reward pipeline's SQL: the one statement that records rewards and
 * applies their Q updates, and the reads the reward workflows make.
 */
import { MedusaError, generateEntityId } from "@medusajs/framework/utils"
import { rewardUpdatesQ, rewardValue, type RewardWeights } from "../../../learning/reward"
import { PRIOR_STATE_KEY } from "../../../learning/state"
import { STRATEGIES } from "../../../learning/strategies"
import type { ApplyRewardInput, ApplyRewardResult, RlAgentDTO } from "../types/shapes"
import { kindsSql, type SqlManager } from "./sql"

/**
 * Records rewards and applies their Q updates in ONE statement, so every
 * reward commits together with its update or not at all. A reward row is
 * unique per (decision, kind, source event): a repeated reward inserts
 * nothing and so updates nothing, and a retried job cannot apply twice.
 *
 * Q(s,a) ← Q(s,a) + α·(r + γ·maxₐ' Q(s',a') − Q(s,a)). The n rewards of a
 * batch that hit the same Q cell compose exactly as if applied one after
 * another: Q_n = Q·(1−α)ⁿ + α·Σₖ (1−α)ⁿ⁻ᵏ·targetₖ, written as one upsert
 * whose ON CONFLICT … DO UPDATE locks the row and reads its latest
 * committed value, so concurrent workers serialise and lose nothing.
 *
 * s' is the state of the next decision served on the same cart (the
 * episode); until there is one the shopper is still where the decision
 * was made, so s' = s. Terminal rewards (order, abandonment) use r alone.
 * max over s' counts strategies without a row at their prior (or 0).
 *
 * Returns, per input, the result or the error for that input alone (an
 * unknown decision fails only its own reward).
 */
export async function applyRewardBatchSql(
  m: SqlManager,
  agent: RlAgentDTO,
  inputs: ApplyRewardInput[],
  weights: RewardWeights
): Promise<Array<ApplyRewardResult | MedusaError>> {
  const rows = inputs.map((input, idx) => {
    const value = input.value ?? rewardValue(input.kind, weights, input.revenue ?? 0)
    const amount = input.amount ?? (input.kind === "revenue" ? input.revenue ?? null : null)
    return {
      idx,
      reward_id: generateEntityId(undefined, "rlrew"),
      decision_id: input.decision_id,
      kind: input.kind,
      value,
      amount,
      source_event_id: input.source_event_id,
      product_id: input.product_id ?? null,
      terminal: !!input.terminal,
      learn: rewardUpdatesQ(input.kind) && agent.learning_enabled,
    }
  })
  const results: Array<ApplyRewardResult | MedusaError> = new Array(inputs.length)
  const valid = rows.filter((r) => {
    // a NaN or infinite reward would poison Q(s,a) for good: refuse it before any write
    const ok = Number.isFinite(r.value) && (r.amount === null || Number.isFinite(r.amount))
    if (!ok) {
      results[r.idx] = new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Reward ${r.kind} for ${r.decision_id} is not a finite number (value ${r.value}, amount ${r.amount})`
      )
    }
    return ok
  })
  if (!valid.length) return results

  const out = await m.execute(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset(?::jsonb) AS x(
         idx int, reward_id text, decision_id text, kind text, value float8, amount float8,
         source_event_id text, product_id text, terminal boolean, learn boolean)
     ), d AS (
       SELECT i.*, dec.cart_id, dec.state_key, dec.strategy, dec.model_version, dec.created_at AS decided_at
         FROM input i JOIN rl_decision dec ON dec.id = i.decision_id AND dec.deleted_at IS NULL
     ), nxt AS (
       SELECT d.idx, CASE WHEN d.terminal THEN NULL ELSE coalesce(
         (SELECT n.state_key FROM rl_decision n
           WHERE d.cart_id IS NOT NULL AND n.cart_id = d.cart_id AND n.deleted_at IS NULL
             AND (n.created_at, n.id) > (d.decided_at, d.decision_id)
           ORDER BY n.created_at, n.id LIMIT 1),
         d.state_key) END AS next_key
         FROM d
     ), ins AS (
       INSERT INTO rl_reward (id, decision_id, kind, value, amount, source_event_id, product_id,
         next_state_key, terminal, created_at, updated_at)
       SELECT d.reward_id, d.decision_id, d.kind, d.value, d.amount, d.source_event_id, d.product_id,
              nxt.next_key, d.terminal, now(), now()
         FROM d JOIN nxt ON nxt.idx = d.idx
        -- one lock order for every batch: concurrent batches cannot deadlock
        ORDER BY d.decision_id, d.kind, d.source_event_id, d.idx
       ON CONFLICT (decision_id, kind, source_event_id) WHERE deleted_at IS NULL DO NOTHING
       RETURNING id
     ), base AS (
       -- rewards one event earns together (an order's conversion and revenue) are one transition:
       -- one update with their sum, as the reward scheme adds them
       SELECT min(d.idx) AS idx, d.model_version, d.state_key, d.strategy,
              sum(d.value) + CASE WHEN bool_or(d.terminal) THEN 0 ELSE ?::float8 * (
                -- max over the six strategies of s', an untried one at its prior (or 0)
                SELECT max(coalesce(q.value, p.value, 0))
                  FROM unnest(string_to_array(?, ',')) AS s(strategy)
                  LEFT JOIN rl_q_value q ON q.model_version = d.model_version AND q.state_key = nxt.next_key
                       AND q.strategy = s.strategy AND q.deleted_at IS NULL
                  LEFT JOIN rl_q_value p ON p.model_version = d.model_version AND p.state_key = ?
                       AND p.strategy = s.strategy AND p.deleted_at IS NULL
              ) END AS target
         FROM d JOIN nxt ON nxt.idx = d.idx JOIN ins ON ins.id = d.reward_id
        WHERE d.learn
        GROUP BY d.decision_id, d.source_event_id, d.model_version, d.state_key, d.strategy, nxt.next_key
     ), cells AS (
       -- every reward moves its own cell and the strategy's prior row
       SELECT * FROM base
       UNION ALL
       SELECT idx, model_version, ?::text AS state_key, strategy, target FROM base WHERE state_key <> ?
     ), targets AS (
       SELECT c.*, row_number() OVER w AS k,
              count(*) OVER (PARTITION BY c.model_version, c.state_key, c.strategy) AS n
         FROM cells c
       WINDOW w AS (PARTITION BY c.model_version, c.state_key, c.strategy ORDER BY c.idx)
     ), agg AS (
       SELECT t.model_version, t.state_key, t.strategy, max(t.n)::int AS n,
              sum(?::float8 * power(1 - ?::float8, t.n - t.k) * t.target) AS c,
              -- what a new cell starts from: the prior as it stood before this statement
              CASE WHEN t.state_key = ? THEN 0 ELSE coalesce(max(p.value), 0) END AS start
         FROM targets t
         LEFT JOIN rl_q_value p ON p.model_version = t.model_version AND p.state_key = ?
              AND p.strategy = t.strategy AND p.deleted_at IS NULL
        GROUP BY t.model_version, t.state_key, t.strategy
     ), up AS (
       INSERT INTO rl_q_value (id, model_version, state_key, strategy, value, visits, last_visited_at,
         created_at, updated_at)
       SELECT 'rlq_' || replace(gen_random_uuid()::text, '-', ''), model_version, state_key, strategy,
              start * power(1 - ?::float8, n) + c, n, now(), now(), now()
         FROM agg
        ORDER BY model_version, state_key, strategy
       ON CONFLICT (model_version, state_key, strategy) WHERE deleted_at IS NULL
       -- an existing cell continues from its own value: take the start term back out of EXCLUDED.value
       DO UPDATE SET value = (rl_q_value.value - (
                       SELECT a.start FROM agg a WHERE a.model_version = EXCLUDED.model_version
                          AND a.state_key = EXCLUDED.state_key AND a.strategy = EXCLUDED.strategy
                     )) * power(1 - ?::float8, EXCLUDED.visits) + EXCLUDED.value,
                     visits = rl_q_value.visits + EXCLUDED.visits,
                     last_visited_at = now(),
                     updated_at = now()
       RETURNING model_version, state_key, strategy, value
     ), episodes AS (
       -- counted in the same statement as the episode_end rows, so readers never see one without the other
       UPDATE rl_agent SET episode_count = episode_count + x.n
         FROM (SELECT count(*)::int AS n FROM input i JOIN ins ON ins.id = i.reward_id
                WHERE i.kind = ${kindsSql("episode_end")}) x
        WHERE rl_agent.id = ? AND x.n > 0
       RETURNING rl_agent.id
     )
     SELECT i.idx, d.idx IS NOT NULL AS found, ins.id IS NOT NULL AS inserted, nxt.next_key,
            t.model_version, t.state_key, t.strategy, t.target, t.k::int AS k, t.n::int AS n, agg.c, up.value AS q_final
       FROM input i
       LEFT JOIN d ON d.idx = i.idx
       LEFT JOIN nxt ON nxt.idx = i.idx
       LEFT JOIN ins ON ins.id = i.reward_id
       LEFT JOIN targets t ON t.idx = i.idx AND t.state_key = d.state_key
       LEFT JOIN agg ON agg.model_version = t.model_version AND agg.state_key = t.state_key AND agg.strategy = t.strategy
       LEFT JOIN up ON up.model_version = t.model_version AND up.state_key = t.state_key AND up.strategy = t.strategy
      ORDER BY i.idx`,
    [
      JSON.stringify(valid),
      agent.gamma,
      STRATEGIES.join(","),
      PRIOR_STATE_KEY,
      PRIOR_STATE_KEY,
      PRIOR_STATE_KEY,
      agent.alpha,
      agent.alpha,
      PRIOR_STATE_KEY,
      PRIOR_STATE_KEY,
      agent.alpha,
      agent.alpha,
      agent.id,
    ]
  )

  // Q after each reward, replayed from the cell's final value: the audit trail the dashboard shows
  const qAfter = new Map<number, number>()
  const decay = 1 - agent.alpha
  const groups = new Map<string, any[]>()
  for (const r of out) {
    if (r.k == null) continue
    const key = `${r.model_version}|${r.strategy}|${r.state_key}`
    groups.set(key, [...(groups.get(key) ?? []), r])
  }
  for (const members of groups.values()) {
    members.sort((a, b) => a.k - b.k)
    const { q_final, c, n } = members[0]
    let q = decay > 0 ? (Number(q_final) - Number(c)) / Math.pow(decay, n) : 0
    for (const r of members) {
      q = q * decay + agent.alpha * Number(r.target)
      qAfter.set(r.idx, r.k === n ? Number(q_final) : q)
    }
  }
  // the other rewards of a combined transition share its Q after
  const leads = new Map<string, number>()
  for (const r of [...out].sort((a, b) => a.idx - b.idx)) {
    const row = rows[r.idx]
    if (!r.inserted || !row.learn) continue
    const key = `${row.decision_id}|${row.source_event_id}`
    const lead = leads.get(key)
    if (lead === undefined) leads.set(key, r.idx)
    else if (qAfter.has(lead)) qAfter.set(r.idx, qAfter.get(lead)!)
  }
  const audit = [...qAfter.entries()].map(([idx, q]) => ({ id: rows[idx].reward_id, q }))
  if (audit.length) {
    await m.execute(
      `UPDATE rl_reward r SET q_after = v.q
         FROM jsonb_to_recordset(?::jsonb) AS v(id text, q float8) WHERE r.id = v.id`,
      [JSON.stringify(audit)]
    )
  }

  for (const r of out) {
    const row = rows[r.idx]
    if (!r.found) {
      results[r.idx] = new MedusaError(MedusaError.Types.NOT_FOUND, `Recommendation ${row.decision_id} was not found`)
      continue
    }
    results[r.idx] = {
      applied: !!r.inserted,
      reward_id: r.inserted ? row.reward_id : null,
      value: row.value,
      q_after: qAfter.get(r.idx) ?? null,
      next_state_key: r.next_key ?? null,
    }
  }
  return results
}

/** What an order earned per decision (conversion + revenue values, revenue amount). */
export async function earnedByOrderSql(m: SqlManager, orderId: string): Promise<Array<{ decision_id: string; value: number; amount: number }>> {
  const rows = await m.execute(
    `SELECT decision_id, sum(value)::float8 AS value, sum(coalesce(amount, 0))::float8 AS amount
       FROM rl_reward
      WHERE source_event_id = ? AND kind IN (${kindsSql("conversion", "revenue")}) AND deleted_at IS NULL
      GROUP BY decision_id`,
    [`order|${orderId}`]
  )
  return rows.map((r) => ({ decision_id: r.decision_id, value: Number(r.value), amount: Number(r.amount) }))
}

/** Whether a decision earned engagement or conversion (then it was not abandoned). */
export async function hasPositiveOutcomeSql(m: SqlManager, decisionId: string): Promise<boolean> {
  const [row] = await m.execute(
    `SELECT count(*)::int AS n FROM rl_reward
      WHERE decision_id = ? AND kind IN (${kindsSql("engagement", "conversion")}) AND deleted_at IS NULL`,
    [decisionId]
  )
  return row.n > 0
}
