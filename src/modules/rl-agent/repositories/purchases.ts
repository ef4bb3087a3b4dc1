/**
 * The purchase history and the customer profiles derived from it: append,
 * read one profile, erase a customer. Values are bound, never interpolated.
 */
import type { CustomerProfileRow } from "../types/admin"
import type { CustomerHistory } from "../types/shapes"
import { customerProfileSql } from "./insights"
import type { SqlManager } from "./sql"
import { refreshCustomerProfilesSql } from "./statistics"

export interface PurchaseLine {
  source_id: string
  customer_id: string | null
  product_id: string
  quantity: number
  unit_price: number
  currency_code: string
  purchased_at: Date
  is_return?: boolean
}

/** Appends purchase lines (idempotent per source, product and direction). Returns rows inserted. */
export async function recordPurchasesSql(m: SqlManager, lines: PurchaseLine[]): Promise<number> {
  if (!lines.length) return 0
  // one JSON parameter per batch: binding tens of thousands of values one by one costs more than the insert
  const rows = await m.execute(
    `INSERT INTO rl_purchase (id, source_id, customer_id, product_id, quantity, unit_price, currency_code,
       purchased_at, is_return, created_at, updated_at)
     SELECT 'rlpur_' || replace(gen_random_uuid()::text, '-', ''), x.source_id, x.customer_id, x.product_id,
            x.quantity, x.unit_price, x.currency_code, x.purchased_at, x.is_return, now(), now()
       FROM jsonb_to_recordset(?::jsonb) AS x(source_id text, customer_id text, product_id text, quantity int,
            unit_price float8, currency_code text, purchased_at timestamptz, is_return boolean)
     ON CONFLICT (source_id, product_id, is_return) WHERE deleted_at IS NULL DO NOTHING
     RETURNING id`,
    [JSON.stringify(lines.map((l) => ({ ...l, is_return: !!l.is_return })))]
  )
  return rows.length
}

/** The profile as the state reads it (one shape for serving and the admin's customer view). */
export function historyOfProfile(p: CustomerProfileRow): CustomerHistory {
  return {
    orders: p.orders,
    units: p.units,
    lowBandUnits: p.low_band_units,
    lastPurchaseAt: p.last_purchased_at ? new Date(p.last_purchased_at) : null,
    topProductIds: p.top_product_ids,
  }
}

/** A customer's stored profile (one indexed row), or null without purchases. */
export async function customerHistorySql(m: SqlManager, customerId: string): Promise<CustomerHistory | null> {
  const profile = await customerProfileSql(m, customerId)
  return profile ? historyOfProfile(profile) : null
}

/**
 * GDPR erasure: the customer's decisions lose every personal field (hash,
 * cart, session, identifiers in the features) and their purchase history its
 * customer id; strategies, rewards and aggregates stay.
 */
export async function eraseCustomerSql(
  m: SqlManager,
  customerId: string,
  customerHash: string | null,
  lowBands: Record<string, number>
): Promise<{ decisions: number; purchases: number }> {
  const decisions = await m.execute(
    `UPDATE rl_decision
        SET customer_hash = NULL, cart_id = NULL, session_id = NULL,
            features = features || '{"customerId": null, "sessionId": null}'::jsonb, updated_at = now()
      WHERE customer_hash = ?
      RETURNING id`,
    [customerHash]
  )
  const purchases = await m.execute(
    `UPDATE rl_purchase SET customer_id = NULL, updated_at = now() WHERE customer_id = ? RETURNING id`,
    [customerId]
  )
  await refreshCustomerProfilesSql(m, [customerId], lowBands)
  return { decisions: decisions.length, purchases: purchases.length }
}
