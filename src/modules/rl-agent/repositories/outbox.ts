/**
 * The Postgres outbox of the reward queue: jobs that could not be enqueued
 * while Redis was away, and the relay that enqueues them when it is back.
 * Values are always bound.
 */
import { generateEntityId } from "@medusajs/framework/utils"
import type { SqlManager } from "./sql"

export type OutboxJob = { name: string; data: unknown; jobId: string; delayMs?: number; attempts?: number }

/** Keeps a job; a job id already kept is kept once. A delayed job keeps its due time. */
export async function storeInOutboxSql(m: SqlManager, job: OutboxJob, error: string): Promise<void> {
  await m.execute(
    `INSERT INTO rl_outbox (id, job_name, job_id, data, run_at, attempts, last_error, created_at, updated_at)
     VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, now(), now())
     ON CONFLICT (job_id) WHERE deleted_at IS NULL DO NOTHING`,
    [
      generateEntityId(undefined, "rlobx"),
      job.name,
      job.jobId,
      JSON.stringify(job.data ?? null),
      job.delayMs ? new Date(Date.now() + job.delayMs) : null,
      job.attempts ?? null,
      error,
    ]
  )
}

/**
 * Moves kept jobs to the queue with `enqueue`, oldest first, a batch at a
 * time, under their own job ids (a job enqueued twice is one job); delayed
 * jobs keep their due time. Stops at the first failure, noting it on that
 * job. Returns how many moved.
 */
export async function relayOutboxSql(
  m: SqlManager,
  enqueue: (job: OutboxJob) => Promise<void>,
  batchSize: number
): Promise<number> {
  let moved = 0
  for (;;) {
    const rows = await m.execute(
      `SELECT id, job_name, job_id, data, run_at, attempts FROM rl_outbox
        WHERE deleted_at IS NULL ORDER BY created_at, id LIMIT ?`,
      [batchSize]
    )
    if (!rows.length) break
    const done: string[] = []
    let failure: Error | null = null
    for (const r of rows) {
      try {
        await enqueue({
          name: r.job_name,
          data: r.data,
          jobId: r.job_id,
          delayMs: r.run_at ? Math.max(0, new Date(r.run_at).getTime() - Date.now()) : undefined,
          attempts: r.attempts ?? undefined,
        })
        done.push(r.id)
      } catch (e) {
        failure = e as Error
        break
      }
    }
    if (done.length) await m.execute(`DELETE FROM rl_outbox WHERE id IN (?)`, [done])
    moved += done.length
    if (failure) {
      await m.execute(`UPDATE rl_outbox SET last_error = ?, updated_at = now() WHERE id = ?`, [failure.message, rows[done.length].id])
      break
    }
    if (rows.length < batchSize) break
  }
  return moved
}

export async function countOutboxSql(m: SqlManager): Promise<number> {
  const [row] = await m.execute(`SELECT count(*)::int AS n FROM rl_outbox WHERE deleted_at IS NULL`)
  return row.n
}

/** Jobs waiting in the outbox and when the oldest was stored (null: none). */
export async function outboxBacklogSql(m: SqlManager): Promise<{ pending: number; oldest_at: Date | null }> {
  const [row] = await m.execute(`SELECT count(*)::int AS n, min(created_at) AS oldest FROM rl_outbox WHERE deleted_at IS NULL`)
  return { pending: row.n, oldest_at: row.oldest ? new Date(row.oldest) : null }
}
