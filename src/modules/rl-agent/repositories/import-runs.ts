/**
 * Import runs, as the job runner records a run's failure. Values are bound.
 */
import type { SqlManager } from "./sql"

/** Marks an import run failed with the error that stopped it (the admin's import panel shows it). */
export async function failImportRunSql(m: SqlManager, runId: string, error: string): Promise<void> {
  await m.execute(
    `UPDATE rl_import_run SET status = 'failed', error = ?, finished_at = now(), updated_at = now()
      WHERE id = ? AND deleted_at IS NULL`,
    [error, runId]
  )
}
