import type { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * The DML maps `model.float()` to `real` (24-bit mantissa). A Q-learning step
 * is α·δ ≈ 1e-3…1e-5, which `real` rounds away once Q is near 1, so learned
 * and summed values are stored as `double precision`; the ORM reads both as
 * JS numbers. Table and column names come from the migration's own constant
 * list, never from input.
 */
export function alterFloatColumns(
  migration: Migration,
  columns: ReadonlyArray<readonly [string, string]>,
  type: "double precision" | "real"
): void {
  for (const [table, column] of columns) {
    ;(migration as any).addSql(`alter table if exists "${table}" alter column "${column}" type ${type};`)
  }
}
