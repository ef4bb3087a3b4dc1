/**
 * The abandonment sweep's statements: which decisions' windows have closed
 * since the sweep last ran, and its cursor. Run in one transaction per pass
 * (services/maintenance.ts), the cursor row locked for it.
 */
import type { SqlManager } from "./sql"

// `at` as Postgres's own text: a Date would drop the microseconds, and the last row would pass again
export type SweepPosition = { at: string; id: string }

const SWEEP = "abandonment"

/**
 * Locks the sweep's cursor for this transaction and returns it; null when
 * another process's pass holds it. A first pass starts at the end of the
 * current window: decisions served before this code ran were given a
 * delayed check of their own when they were served.
 */
export async function lockAbandonmentCursorSql(m: SqlManager, windowSeconds: number): Promise<SweepPosition | null> {
  await m.execute(
    `INSERT INTO rl_sweep_cursor (id, name, position_at, position_id, created_at, updated_at)
     VALUES ('rlswc_' || replace(gen_random_uuid()::text, '-', ''), ?, now() - make_interval(secs => ?), '', now(), now())
     ON CONFLICT (name) WHERE deleted_at IS NULL DO NOTHING`,
    [SWEEP, windowSeconds]
  )
  const [row] = await m.execute(
    `SELECT position_at::text AS position_at, position_id FROM rl_sweep_cursor WHERE name = ? AND deleted_at IS NULL FOR UPDATE SKIP LOCKED`,
    [SWEEP]
  )
  return row ? { at: row.position_at, id: row.position_id } : null
}

/** The next decisions with a cart whose abandonment window has closed, after `from`, in log order. */
export async function dueForAbandonmentSql(
  m: SqlManager,
  from: SweepPosition,
  windowSeconds: number,
  limit: number
): Promise<Array<{ id: string; at: string }>> {
  return m.execute(
    `SELECT id, created_at::text AS at FROM rl_decision
      WHERE deleted_at IS NULL AND cart_id IS NOT NULL
        AND (created_at, id) > (?::timestamptz, ?)
        AND created_at <= now() - make_interval(secs => ?)
      ORDER BY created_at, id
      LIMIT ?`,
    [from.at, from.id, windowSeconds, limit]
  )
}

export async function moveAbandonmentCursorSql(m: SqlManager, to: SweepPosition): Promise<void> {
  await m.execute(
    `UPDATE rl_sweep_cursor SET position_at = ?::timestamptz, position_id = ?, updated_at = now() WHERE name = ? AND deleted_at IS NULL`,
    [to.at, to.id, SWEEP]
  )
}
