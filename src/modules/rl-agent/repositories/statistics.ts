/**
 * Set-based SQL that derives the strategies' statistics from `rl_purchase`:
 * product popularity over trailing windows, item-to-item co-purchases and
 * customer profiles. Values are bound, never interpolated.
 */
import type { Related } from "../../../learning/co-purchase"
import { DEFAULT_PRICE_BANDS } from "../../../learning/strategies"
import type { SqlManager } from "./sql"

export const POPULARITY_WINDOWS = ["30d", "90d", "365d", "all"] as const
export type PopularityWindow = (typeof POPULARITY_WINDOWS)[number]

export const STATISTICS_LIMITS = {
  /** Product ids kept on a customer profile. */
  topProductsPerCustomer: 20,
  /** Co-purchase rows written per statement. */
  writeBatch: 10_000,
} as const

/** `AND <column> IN (?)` with its binding, or nothing for "all": a fixed fragment, the ids always bound. */
function scope(column: "product_id" | "customer_id", ids: string[] | null): { filter: string; bindings: unknown[] } {
  return ids ? { filter: `AND ${column} IN (?)`, bindings: [ids] } : { filter: ``, bindings: [] }
}

/**
 * Rebuilds `rl_product_stat` for the given products (all when `null`), with
 * windows trailing the latest purchase in the table. Returns rows written.
 */
export async function refreshProductStatsSql(m: SqlManager, productIds: string[] | null): Promise<number> {
  if (productIds && !productIds.length) return 0
  const { filter, bindings } = scope("product_id", productIds)
  await m.execute(`DELETE FROM rl_product_stat WHERE true ${filter}`, bindings)
  const rows = await m.execute(
    `WITH asof AS (
       SELECT coalesce(max(purchased_at), now()) AS t FROM rl_purchase WHERE deleted_at IS NULL
     ), lines AS (
       SELECT p.product_id, p.source_id, p.customer_id, p.purchased_at, p.unit_price,
              CASE WHEN p.is_return THEN -p.quantity ELSE p.quantity END AS q, p.is_return, a.t
         FROM rl_purchase p CROSS JOIN asof a WHERE p.deleted_at IS NULL ${filter}
     )
     INSERT INTO rl_product_stat (id, product_id, units_30d, units_90d, units_365d, units_all, orders_all,
       customers_all, revenue_all, last_purchased_at, as_of, created_at, updated_at)
     SELECT 'rlpst_' || replace(gen_random_uuid()::text, '-', ''), product_id,
            greatest(0, coalesce(sum(q) FILTER (WHERE purchased_at > t - interval '30 days'), 0))::int,
            greatest(0, coalesce(sum(q) FILTER (WHERE purchased_at > t - interval '90 days'), 0))::int,
            greatest(0, coalesce(sum(q) FILTER (WHERE purchased_at > t - interval '365 days'), 0))::int,
            greatest(0, sum(q))::int,
            (count(DISTINCT source_id) FILTER (WHERE NOT is_return))::int,
            (count(DISTINCT customer_id) FILTER (WHERE NOT is_return))::int,
            greatest(0, sum(q * unit_price)),
            max(purchased_at) FILTER (WHERE NOT is_return),
            max(t), now(), now()
       FROM lines GROUP BY product_id
     RETURNING id`,
    bindings
  )
  return rows.length
}

/**
 * The baskets co-purchases come from (distinct products per invoice/order,
 * returns excluded), as indexes into `ids`, in one statement so both come from one snapshot: integers parse
 * to a few bytes each where 5,000,000 product id strings took gigabytes.
 */
export async function loadIndexedBasketsSql(m: SqlManager): Promise<{ ids: string[]; baskets: number[][] }> {
  const rows: Array<{ ids: string[] | null; products: number[] | null }> = await m.execute(
    `WITH bought AS (SELECT DISTINCT source_id, product_id FROM rl_purchase WHERE NOT is_return AND deleted_at IS NULL),
          numbered AS (SELECT product_id, (row_number() OVER (ORDER BY product_id) - 1)::int AS i
                         FROM (SELECT DISTINCT product_id FROM bought) d)
     SELECT (SELECT array_agg(product_id ORDER BY i) FROM numbered) AS ids, NULL::int[] AS products
     UNION ALL
     SELECT NULL, array_agg(n.i) FROM bought b JOIN numbered n USING (product_id) GROUP BY b.source_id`
  )
  const ids = rows.find((r) => r.ids)?.ids ?? []
  return { ids, baskets: rows.filter((r) => r.products).map((r) => r.products as number[]) }
}

/** Replaces `rl_co_purchase` with the given neighbour lists. Returns rows written. */
export async function replaceCoPurchasesSql(
  m: SqlManager,
  neighbours: Iterable<readonly [string, readonly Related[]]>
): Promise<number> {
  await m.execute(`DELETE FROM rl_co_purchase`)
  let batch: Array<{ p: string; r: string; n: number; s: number }> = []
  let written = 0
  const flush = async () => {
    if (!batch.length) return
    // one JSON parameter per batch: binding values one by one costs more than the insert
    await m.execute(
      `INSERT INTO rl_co_purchase (id, product_id, related_product_id, invoices, score, created_at, updated_at)
       SELECT 'rlcop_' || replace(gen_random_uuid()::text, '-', ''), x.p, x.r, x.n, x.s, now(), now()
         FROM jsonb_to_recordset(?::jsonb) AS x(p text, r text, n int, s float8)`,
      [JSON.stringify(batch)]
    )
    written += batch.length
    batch = []
  }
  for (const [productId, related] of neighbours) {
    for (const r of related) {
      batch.push({ p: productId, r: r.productId, n: r.shared, s: r.score })
      if (batch.length >= STATISTICS_LIMITS.writeBatch) await flush()
    }
  }
  await flush()
  return written
}

/**
 * Each currency's low price band edge as the history shows it: the lower
 * tercile of the products' median paid prices (the catalogue fits its bands
 * the same way), for currencies `configured` does not name. A store selling
 * in EUR at €10 a product then has a low band, not "everything under 10".
 */
export async function fitPurchaseLowBandsSql(m: SqlManager, configured: Record<string, number>): Promise<Record<string, number>> {
  const rows: { currency_code: string; low: number | string }[] = await m.execute(
    `SELECT currency_code, percentile_disc(1 / 3.0) WITHIN GROUP (ORDER BY price) AS low
       FROM (SELECT lower(currency_code) AS currency_code, product_id,
                    percentile_disc(0.5) WITHIN GROUP (ORDER BY unit_price) AS price
               FROM rl_purchase
              WHERE NOT is_return AND deleted_at IS NULL AND unit_price > 0
              GROUP BY 1, 2) p
      GROUP BY currency_code`
  )
  const bands: Record<string, number> = {}
  for (const r of rows) bands[r.currency_code] = Number(r.low)
  return { ...bands, ...configured }
}

/**
 * Rebuilds the profiles of the given customers (all customers when `null`)
 * from their purchases; customers with no purchase left lose their profile.
 * A unit is in the low band when its price is under `lowBands[currency]`
 * (10 for a currency it does not name). Returns profiles written.
 */
export async function refreshCustomerProfilesSql(
  m: SqlManager,
  customerIds: string[] | null,
  lowBands: Record<string, number> = {}
): Promise<number> {
  if (customerIds && !customerIds.length) return 0
  const { filter, bindings } = scope("customer_id", customerIds)
  await m.execute(`DELETE FROM rl_customer_profile WHERE true ${filter}`, bindings)
  const rows = await m.execute(
    `WITH lines AS (
       SELECT customer_id, source_id, product_id, quantity, unit_price, currency_code, purchased_at FROM rl_purchase
        WHERE customer_id IS NOT NULL AND NOT is_return AND deleted_at IS NULL ${filter}
     ), per_product AS (
       SELECT customer_id, product_id, sum(quantity) AS units,
              row_number() OVER (PARTITION BY customer_id
                                 ORDER BY count(DISTINCT source_id) DESC, sum(quantity) DESC, product_id) AS rk
         FROM lines GROUP BY customer_id, product_id
     ), tops AS (
       SELECT customer_id, jsonb_agg(product_id ORDER BY rk) AS ids FROM per_product WHERE rk <= ? GROUP BY customer_id
     ), totals AS (
       SELECT customer_id, count(DISTINCT source_id)::int AS orders, sum(quantity)::int AS units,
              (sum(quantity) FILTER (WHERE unit_price < coalesce((?::jsonb ->> lower(currency_code))::float8, ?)))::int AS low_units,
              sum(quantity * unit_price) AS revenue, min(purchased_at) AS first_at, max(purchased_at) AS last_at
         FROM lines GROUP BY customer_id
     )
     INSERT INTO rl_customer_profile (id, customer_id, orders, units, low_band_units, revenue,
       first_purchased_at, last_purchased_at, top_product_ids, created_at, updated_at)
     SELECT 'rlcpf_' || replace(gen_random_uuid()::text, '-', ''), t.customer_id, t.orders, t.units,
            coalesce(t.low_units, 0), t.revenue, t.first_at, t.last_at, coalesce(s.ids, '[]'::jsonb), now(), now()
       FROM totals t LEFT JOIN tops s USING (customer_id)
     RETURNING id`,
    [...bindings, STATISTICS_LIMITS.topProductsPerCustomer, JSON.stringify(lowBands), DEFAULT_PRICE_BANDS.low]
  )
  return rows.length
}

/** The latest purchase recorded (returns excluded): the history's clock. */
export async function latestPurchaseAtSql(m: SqlManager): Promise<Date | null> {
  const [row] = await m.execute(`SELECT max(purchased_at) AS at FROM rl_purchase WHERE deleted_at IS NULL AND NOT is_return`)
  return row?.at ? new Date(row.at) : null
}

/**
 * Net units sold per product in a trailing window, with all-time units as a
 * tie-break worth less than one unit in the window.
 */
export async function popularitySql(m: SqlManager, window: PopularityWindow): Promise<Map<string, number>> {
  const rows = await m.execute(
    `SELECT product_id, units_30d, units_90d, units_365d, units_all FROM rl_product_stat
      WHERE deleted_at IS NULL AND units_all > 0`
  )
  const column = `units_${window}`
  let maxAll = 1
  for (const r of rows) maxAll = Math.max(maxAll, Number(r.units_all))
  return new Map(
    rows.map((r) => [r.product_id as string, Number(r[column]) + Number(r.units_all) / (maxAll + 1)])
  )
}

/**
 * The co-purchase side of the shared relevance in one query: per related
 * product, the summed scores from the cart's products and from the
 * customer's top products (each set's own members left out), the best
 * `limit` by cart + historyWeight × history.
 */
export async function relevanceSql(
  m: SqlManager,
  cartProductIds: string[],
  historyProductIds: string[],
  historyWeight: number,
  limit: number
): Promise<{ cart: Map<string, number>; history: Map<string, number> }> {
  if (!cartProductIds.length && !historyProductIds.length) return { cart: new Map(), history: new Map() }
  // "" is no product's id: it keeps an empty side's IN (?) valid without matching anything
  const cart = cartProductIds.length ? cartProductIds : [""]
  const history = historyProductIds.length ? historyProductIds : [""]
  const rows = await m.execute(
    `SELECT related_product_id, cart_s, history_s FROM (
       SELECT related_product_id,
              coalesce(sum(score) FILTER (WHERE product_id IN (?) AND related_product_id NOT IN (?)), 0)::float8 AS cart_s,
              coalesce(sum(score) FILTER (WHERE product_id IN (?) AND related_product_id NOT IN (?)), 0)::float8 AS history_s
         FROM rl_co_purchase
        WHERE product_id IN (?) AND deleted_at IS NULL
        GROUP BY related_product_id
     ) r
      WHERE cart_s > 0 OR history_s > 0
      ORDER BY cart_s + ? * history_s DESC, related_product_id LIMIT ?`,
    [cart, cart, history, history, [...cart, ...history], historyWeight, limit]
  )
  const out = { cart: new Map<string, number>(), history: new Map<string, number>() }
  for (const r of rows) {
    if (Number(r.cart_s) > 0) out.cart.set(r.related_product_id as string, Number(r.cart_s))
    if (Number(r.history_s) > 0) out.history.set(r.related_product_id as string, Number(r.history_s))
  }
  return out
}
