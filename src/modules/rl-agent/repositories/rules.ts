/**
 * Merchandising rules and their audit log. A change and its audit row are
 * written by the caller's transaction; values are bound, never interpolated.
 */
import { generateEntityId } from "@medusajs/framework/utils"
import type { MerchandisingRule } from "../../../learning/merchandising"
import type { SqlManager } from "./sql"

export type RuleRow = MerchandisingRule & { note: string | null; created_at: Date; updated_at: Date }
export type RuleInput = Omit<MerchandisingRule, "id"> & { note: string | null }
export type RuleAuditRow = {
  id: string
  rule_id: string
  action: "created" | "updated" | "deleted"
  actor_id: string | null
  before: RuleRow | null
  after: RuleRow | null
  created_at: Date
}

const COLUMNS = `id, kind, target_type, target_ids, sales_channel_id, placement, min_stock, currency_code,
       price_min, price_max, multiplier, enabled, note, created_at, updated_at`

function rowOf(r: any): RuleRow {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v))
  return {
    ...r,
    target_ids: r.target_ids ?? [],
    min_stock: num(r.min_stock),
    price_min: num(r.price_min),
    price_max: num(r.price_max),
    multiplier: num(r.multiplier),
  }
}

/** A rule's values in the column order both the insert and the update use. */
function valuesOf(input: RuleInput): unknown[] {
  return [
    input.kind,
    input.target_type,
    // one JSON binding: the query builder would spread an array into a list
    JSON.stringify(input.target_ids),
    input.sales_channel_id,
    input.placement,
    input.min_stock,
    input.currency_code,
    input.price_min,
    input.price_max,
    input.multiplier,
    input.enabled,
    input.note,
  ]
}

/** Every rule (or the enabled ones), oldest first: pins keep the order they were made in. */
export async function listRulesSql(m: SqlManager, onlyEnabled = false): Promise<RuleRow[]> {
  const rows = await m.execute(
    `SELECT ${COLUMNS} FROM rl_merchandising_rule
      WHERE deleted_at IS NULL AND (enabled OR NOT ?)
      ORDER BY created_at, id`,
    [onlyEnabled]
  )
  return rows.map(rowOf)
}

export async function ruleSql(m: SqlManager, id: string, forUpdate = false): Promise<RuleRow | null> {
  const [row] = await m.execute(
    `SELECT ${COLUMNS} FROM rl_merchandising_rule WHERE id = ? AND deleted_at IS NULL${forUpdate ? " FOR UPDATE" : ""}`,
    [id]
  )
  return row ? rowOf(row) : null
}

export async function insertRuleSql(m: SqlManager, input: RuleInput): Promise<RuleRow> {
  const [row] = await m.execute(
    `INSERT INTO rl_merchandising_rule (id, kind, target_type, target_ids, sales_channel_id, placement, min_stock,
            currency_code, price_min, price_max, multiplier, enabled, note)
     VALUES (?, ?, ?, ARRAY(SELECT jsonb_array_elements_text(?::jsonb)), ?, ?, ?, ?, ?, ?, ?, ?, ?)
     RETURNING ${COLUMNS}`,
    [generateEntityId(undefined, "rlrule"), ...valuesOf(input)]
  )
  return rowOf(row)
}

export async function updateRuleSql(m: SqlManager, id: string, input: RuleInput): Promise<RuleRow> {
  const [row] = await m.execute(
    `UPDATE rl_merchandising_rule
        SET kind = ?, target_type = ?, target_ids = ARRAY(SELECT jsonb_array_elements_text(?::jsonb)), sales_channel_id = ?,
            placement = ?, min_stock = ?, currency_code = ?, price_min = ?, price_max = ?, multiplier = ?, enabled = ?,
            note = ?, updated_at = now()
      WHERE id = ? AND deleted_at IS NULL
      RETURNING ${COLUMNS}`,
    [...valuesOf(input), id]
  )
  return rowOf(row)
}

export async function deleteRuleSql(m: SqlManager, id: string): Promise<void> {
  await m.execute(`UPDATE rl_merchandising_rule SET deleted_at = now() WHERE id = ? AND deleted_at IS NULL`, [id])
}

export async function insertRuleAuditSql(
  m: SqlManager,
  entry: { rule_id: string; action: RuleAuditRow["action"]; actor_id: string | null; before: RuleRow | null; after: RuleRow | null }
): Promise<void> {
  await m.execute(
    `INSERT INTO rl_rule_audit (id, rule_id, action, actor_id, before, after) VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb)`,
    [
      generateEntityId(undefined, "rlaudit"),
      entry.rule_id,
      entry.action,
      entry.actor_id,
      entry.before ? JSON.stringify(entry.before) : null,
      entry.after ? JSON.stringify(entry.after) : null,
    ]
  )
}

/** The audit log, newest first, optionally of one rule, and its total. */
export async function listRuleAuditSql(
  m: SqlManager,
  filters: { rule_id?: string },
  page: { offset: number; limit: number }
): Promise<{ entries: RuleAuditRow[]; count: number }> {
  const rows = await m.execute(
    `SELECT id, rule_id, action, actor_id, before, after, created_at, count(*) OVER () AS total
       FROM rl_rule_audit
      WHERE deleted_at IS NULL AND (?::text IS NULL OR rule_id = ?)
      ORDER BY created_at DESC, id DESC
      LIMIT ? OFFSET ?`,
    [filters.rule_id ?? null, filters.rule_id ?? null, page.limit, page.offset]
  )
  return { entries: rows.map(({ total, ...r }: any) => r), count: rows.length ? Number(rows[0].total) : 0 }
}
