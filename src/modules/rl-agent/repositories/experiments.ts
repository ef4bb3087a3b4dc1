/**
 * The live experiments: their rows, and each arm's outcomes from the decision
 * log and its rewards, counted by the dashboard's rules (an order is one
 * conversion of each decision it converts, less cancellations; revenue is
 * the attributed amount less clawbacks; engagement is at least one click or
 * add to cart). Values are bound, never interpolated.
 */
import { generateEntityId, MedusaError } from "@medusajs/framework/utils"
import type { ArmOutcome, ArmSpec, ExperimentMetric } from "../../../learning/experiments"
import { kindsSql, type SqlManager } from "./sql"

export type ExperimentRow = {
  id: string
  name: string
  arms: ArmSpec[]
  control_arm: string
  metric: ExperimentMetric
  currency_code: string | null
  status: "running" | "stopped"
  started_at: Date
  stopped_at: Date | null
  winner_arm: string | null
  created_by: string | null
}

const COLUMNS = `id, name, arms, control_arm, metric, currency_code, status, started_at, stopped_at, winner_arm, created_by`

const toRow = (r: any): ExperimentRow => ({
  ...r,
  started_at: new Date(r.started_at),
  stopped_at: r.stopped_at ? new Date(r.stopped_at) : null,
})

/** Starts an experiment; refused while another runs (the one-running index). */
export async function createExperimentSql(
  m: SqlManager,
  e: { name: string; arms: ArmSpec[]; control_arm: string; metric: ExperimentMetric; currency_code: string | null; created_by: string | null }
): Promise<ExperimentRow> {
  const rows = await m.execute(
    `INSERT INTO rl_experiment (${COLUMNS}, created_at, updated_at)
     VALUES (?, ?, ?::jsonb, ?, ?, ?, 'running', now(), NULL, NULL, ?, now(), now())
     ON CONFLICT (status) WHERE status = 'running' AND deleted_at IS NULL DO NOTHING
     RETURNING ${COLUMNS}`,
    [generateEntityId(undefined, "rlexp"), e.name, JSON.stringify(e.arms), e.control_arm, e.metric, e.currency_code, e.created_by]
  )
  if (!rows.length) {
    const running = await runningExperimentSql(m)
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Experiment "${running?.name}" (${running?.id}) is running: stop it before starting another (each decision belongs to one experiment)`
    )
  }
  return toRow(rows[0])
}

export async function runningExperimentSql(m: SqlManager): Promise<ExperimentRow | null> {
  const [row] = await m.execute(`SELECT ${COLUMNS} FROM rl_experiment WHERE status = 'running' AND deleted_at IS NULL`)
  return row ? toRow(row) : null
}

export async function getExperimentSql(m: SqlManager, id: string): Promise<ExperimentRow | null> {
  const [row] = await m.execute(`SELECT ${COLUMNS} FROM rl_experiment WHERE id = ? AND deleted_at IS NULL`, [id])
  return row ? toRow(row) : null
}

export async function listExperimentsSql(m: SqlManager, page: { offset: number; limit: number }): Promise<{ experiments: ExperimentRow[]; count: number }> {
  const rows = await m.execute(
    `SELECT ${COLUMNS}, count(*) OVER () AS total FROM rl_experiment WHERE deleted_at IS NULL
      ORDER BY (status = 'running') DESC, started_at DESC, id LIMIT ? OFFSET ?`,
    [page.limit, page.offset]
  )
  return { experiments: rows.map(({ total, ...r }: any) => toRow(r)), count: rows.length ? Number(rows[0].total) : 0 }
}

/** Stops a running experiment; its decisions and their outcomes stay. Null when it was not running. */
export async function stopExperimentSql(m: SqlManager, id: string, winnerArm: string | null): Promise<ExperimentRow | null> {
  const [row] = await m.execute(
    `UPDATE rl_experiment SET status = 'stopped', stopped_at = now(), winner_arm = ?, updated_at = now()
      WHERE id = ? AND status = 'running' AND deleted_at IS NULL RETURNING ${COLUMNS}`,
    [winnerArm, id]
  )
  return row ? toRow(row) : null
}

export async function experimentOutcomesSql(m: SqlManager, experimentId: string, currencyCode: string | null): Promise<ArmOutcome[]> {
  const rows = await m.execute(
    `WITH per AS (
       SELECT d.id, d.arm, lower(d.currency_code) AS currency_code,
              greatest(count(r.id) FILTER (WHERE r.kind = ${kindsSql("conversion")})
                       - count(r.id) FILTER (WHERE r.kind = ${kindsSql("clawback")} AND r.source_event_id LIKE 'cancel|%'), 0)::float8 AS conv,
              coalesce(sum(r.amount) FILTER (WHERE r.kind IN (${kindsSql("revenue", "clawback")})), 0)::float8 AS rev,
              (count(r.id) FILTER (WHERE r.kind = ${kindsSql("engagement")}) > 0)::int::float8 AS eng
         FROM rl_decision d
         LEFT JOIN rl_reward r ON r.decision_id = d.id AND r.deleted_at IS NULL
        WHERE d.experiment_id = ? AND d.deleted_at IS NULL
        GROUP BY d.id, d.arm, d.currency_code
     )
     SELECT arm, count(*)::int AS n,
            sum(conv) AS conv_sum, sum(conv * conv) AS conv_sq,
            sum(eng) AS eng_sum,
            count(*) FILTER (WHERE currency_code = lower(?))::int AS rev_n,
            coalesce(sum(rev) FILTER (WHERE currency_code = lower(?)), 0) AS rev_sum,
            coalesce(sum(rev * rev) FILTER (WHERE currency_code = lower(?)), 0) AS rev_sq
       FROM per GROUP BY arm`,
    [experimentId, currencyCode, currencyCode, currencyCode]
  )
  return rows.map((r: any) => ({
    arm: r.arm,
    decisions: Number(r.n),
    conversions: Number(r.conv_sum),
    engagements: Number(r.eng_sum),
    revenue: Number(r.rev_sum),
    samples: {
      conversion: { n: Number(r.n), sum: Number(r.conv_sum), sumSquares: Number(r.conv_sq) },
      engagement: { n: Number(r.n), sum: Number(r.eng_sum), sumSquares: Number(r.eng_sum) },
      revenue: { n: Number(r.rev_n), sum: Number(r.rev_sum), sumSquares: Number(r.rev_sq) },
    },
  }))
}
