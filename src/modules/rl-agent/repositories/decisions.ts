/**
 * The decision log: the hot insert, the reads the reward workflows make, and
 * what a customer's identity does to it (attach a guest cart, erase). Values
 * are bound, never interpolated.
 */
import { generateEntityId } from "@medusajs/framework/utils"
import type { Intent } from "../../../learning/intents"
import type { Placement } from "../../../learning/state"
import type { Strategy } from "../../../learning/strategies"
import type { SqlManager } from "./sql"

export interface DecisionInsert {
  placement: Placement
  intent: Intent
  anchor_product_id: string | null
  customer_hash: string | null
  cart_id: string | null
  session_id: string | null
  region_id: string | null
  currency_code: string | null
  features: Record<string, unknown>
  state_key: string
  strategy: Strategy
  explored: boolean
  propensity: number
  epsilon: number
  q_values: Record<string, number>
  products: unknown[]
  product_ids: string[]
  fallback: string | null
  model_version: number
  /** the running experiment and the shopper's arm in it (learning/experiments.ts) */
  experiment_id?: string | null
  arm?: string | null
  /** the shadow candidate running then: its draw and its probability of each strategy */
  shadow_id?: string | null
  shadow_strategy?: Strategy | null
  shadow_probabilities?: Record<string, number> | null
}

const DECISION_COLUMNS = `id, placement, intent, anchor_product_id, customer_hash, cart_id, session_id, region_id, currency_code, features, state_key,
       strategy, explored, propensity, epsilon, q_values, products, product_ids, fallback, model_version, experiment_id, arm,
       shadow_id, shadow_strategy, shadow_probabilities, created_at, updated_at`

/** One INSERT, without the ORM's entity machinery. Returns its id. */
export async function insertDecisionSql(m: SqlManager, row: DecisionInsert): Promise<{ id: string }> {
  const id = generateEntityId(undefined, "rldec")
  await m.execute(
    `INSERT INTO rl_decision (${DECISION_COLUMNS})
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb,
             ARRAY(SELECT jsonb_array_elements_text(?::jsonb)), ?, ?, ?, ?, ?, ?, ?::jsonb, now(), now())`,
    [
      id,
      row.placement,
      row.intent,
      row.anchor_product_id,
      row.customer_hash,
      row.cart_id,
      row.session_id,
      row.region_id,
      row.currency_code,
      JSON.stringify(row.features),
      row.state_key,
      row.strategy,
      row.explored,
      row.propensity,
      row.epsilon,
      JSON.stringify(row.q_values),
      JSON.stringify(row.products),
      // one JSON binding: the query builder would spread an array into a list
      JSON.stringify(row.product_ids),
      row.fallback,
      row.model_version,
      row.experiment_id ?? null,
      row.arm ?? null,
      row.shadow_id ?? null,
      row.shadow_strategy ?? null,
      row.shadow_probabilities ? JSON.stringify(row.shadow_probabilities) : null,
    ]
  )
  return { id }
}

/**
 * Many decisions in one INSERT (the group commit of the recommendation
 * route: the hottest write of the store), the rows as one JSON parameter.
 * Each row's created_at is the clock when it is inserted (the rows are read
 * in the given order): a cart's decisions keep the order they were served in.
 */
export async function insertDecisionsSql(m: SqlManager, rows: DecisionInsert[]): Promise<Array<{ id: string }>> {
  if (!rows.length) return []
  const withIds = rows.map((row) => ({ ...row, id: generateEntityId(undefined, "rldec") }))
  await m.execute(
    `INSERT INTO rl_decision (${DECISION_COLUMNS})
     SELECT r.id, r.placement, r.intent, r.anchor_product_id, r.customer_hash, r.cart_id, r.session_id, r.region_id, r.currency_code, r.features, r.state_key,
            r.strategy, r.explored, r.propensity, r.epsilon, r.q_values, r.products,
            ARRAY(SELECT jsonb_array_elements_text(r.product_ids)), r.fallback, r.model_version, r.experiment_id, r.arm,
            r.shadow_id, r.shadow_strategy, r.shadow_probabilities, clock_timestamp(), clock_timestamp()
       FROM jsonb_to_recordset(?::jsonb) AS r(id text, placement text, intent text, anchor_product_id text, customer_hash text, cart_id text, session_id text,
            region_id text, currency_code text, features jsonb, state_key text, strategy text, explored boolean,
            propensity float8, epsilon float8, q_values jsonb, products jsonb, product_ids jsonb, fallback text,
            model_version integer, experiment_id text, arm text, shadow_id text, shadow_strategy text, shadow_probabilities jsonb)`,
    [JSON.stringify(withIds)]
  )
  return withIds.map(({ id }) => ({ id }))
}

/** Decisions served on a cart (oldest first), optionally only those since a time. */
export async function cartDecisionsSql(
  m: SqlManager,
  cartId: string,
  since?: Date
): Promise<Array<{ id: string; created_at: Date; product_ids: string[]; customer_hash: string | null }>> {
  const rows = await m.execute(
    `SELECT id, created_at, product_ids, customer_hash FROM rl_decision
      WHERE cart_id = ? AND deleted_at IS NULL AND created_at >= ?
      ORDER BY created_at, id`,
    [cartId, since ?? new Date(0)]
  )
  return rows.map((r) => ({ ...r, created_at: new Date(r.created_at) }))
}

/** A returning customer's previous visit: their latest decision on another cart in [since, before). */
export async function retentionDecisionSql(
  m: SqlManager,
  customerHash: string | null,
  excludeCartId: string,
  since: Date,
  before: Date
): Promise<{ id: string; cart_id: string } | null> {
  const [row] = await m.execute(
    `SELECT id, cart_id FROM rl_decision
      WHERE customer_hash = ? AND cart_id IS NOT NULL AND cart_id <> ?
        AND created_at >= ? AND created_at < ? AND deleted_at IS NULL
      ORDER BY created_at DESC LIMIT 1`,
    [customerHash, excludeCartId, since, before]
  )
  return row ?? null
}

/** A guest cart became a customer's: its decisions now carry that customer's hash. */
export async function attachCustomerToCartSql(m: SqlManager, cartId: string, hash: string | null): Promise<number> {
  const rows = await m.execute(
    `UPDATE rl_decision
        SET customer_hash = ?, features = jsonb_set(features, '{customerId}', to_jsonb(?::text)), updated_at = now()
      WHERE cart_id = ? AND customer_hash IS NULL AND deleted_at IS NULL
      RETURNING id`,
    [hash, hash, cartId]
  )
  return rows.length
}
