/**
 * Set-based SQL that derives the strategies' statistics from `rl_purchase`:
 * product popularity over trailing windows, item-to-item co-purchases and
 * customer profiles. Values are bound, never interpolated.
 */
import { randomBytes } from "crypto"
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

/**
 * Replaces `rl_co_purchase` with the given neighbour lists. Returns rows written.
 * At 100,000 products this writes 5,000,000 rows, most of a refresh's time
 * (docs/performance.md), so: each batch's insert runs while the next batch
 * is computed (Postgres works on the other core), and the rows' ids share a
 * prefix and count up, so the primary key index is appended to rather than
 * written at random places.
 */
export async function replaceCoPurchasesSql(
  m: SqlManager,
  neighbours: Iterable<readonly [string, readonly Related[]]>
): Promise<number> {
  await m.execute(`DELETE FROM rl_co_purchase`)
  // this refresh's ids: its start in base 36 and a random part, then the row's number
  const prefix = Date.now().toString(36).toUpperCase().padStart(9, "0") + randomBytes(3).toString("hex").toUpperCase()
  let batch: Array<{ i: number; p: string; r: string; n: number; s: number }> = []
  let written = 0
  // settles with the insert's error (or null), so a failure waits for the next flush without going unhandled
  let inflight: Promise<Error | null> | null = null
  const flush = async () => {
    const failed = inflight && (await inflight)
    inflight = null
    if (failed) throw failed
    if (!batch.length) return
    // one JSON parameter per batch: binding values one by one costs more than the insert
    inflight = m.execute(
      `INSERT INTO rl_co_purchase (id, product_id, related_product_id, invoices, score, created_at, updated_at)
       SELECT 'rlcop_' || ? || lpad(x.i::text, 10, '0'), x.p, x.r, x.n, x.s, now(), now()
         FROM jsonb_to_recordset(?::jsonb) AS x(i bigint, p text, r text, n int, s float8)`,
      [prefix, JSON.stringify(batch)]
    ).then(
      () => null,
      (e: Error) => e
    )
    batch = []
  }
  for (const [productId, related] of neighbours) {
    for (const r of related) {
      batch.push({ i: written++, p: productId, r: r.productId, n: r.shared, s: r.score })
      if (batch.length >= STATISTICS_LIMITS.writeBatch) await flush()
    }
  }
  await flush()
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
/** What a request's relevance is built from: the cart's (and a product page's) products and the customer's. */
export interface RelevanceSeeds {
  cartProductIds: string[]
  historyProductIds: string[]
  historyWeight: number
  /** The product page's product: a cart seed that weighs `anchorWeight` times the cart's products. */
  anchorIds?: string[]
  anchorWeight?: number
}

/** Per related product: its cart-side and history-side scores, and the seeds that gave most of each (up to 3). */
export interface Relevance {
  cart: Map<string, number>
  history: Map<string, number>
  cartBy: Map<string, string[]>
  historyBy: Map<string, string[]>
}

export async function relevanceSql(m: SqlManager, seeds: RelevanceSeeds, limit: number): Promise<Relevance> {
  const anchors = seeds.anchorIds ?? []
  const cartSeeds = [...new Set([...anchors, ...seeds.cartProductIds])]
  const out: Relevance = { cart: new Map(), history: new Map(), cartBy: new Map(), historyBy: new Map() }
  if (!cartSeeds.length && !seeds.historyProductIds.length) return out
  // "" is no product's id: it keeps an empty side's IN (?) valid without matching anything
  const cart = cartSeeds.length ? cartSeeds : [""]
  const history = seeds.historyProductIds.length ? seeds.historyProductIds : [""]
  const anchor = anchors.length ? anchors : [""]
  const rows = await m.execute(
    `SELECT related_product_id, cart_s, history_s, cart_by[1:3] AS cart_by, history_by[1:3] AS history_by FROM (
       SELECT related_product_id,
              coalesce(sum(w) FILTER (WHERE in_cart AND related_product_id NOT IN (?)), 0)::float8 AS cart_s,
              coalesce(sum(score) FILTER (WHERE in_history AND related_product_id NOT IN (?)), 0)::float8 AS history_s,
              array_agg(product_id ORDER BY w DESC, product_id) FILTER (WHERE in_cart AND related_product_id NOT IN (?)) AS cart_by,
              array_agg(product_id ORDER BY score DESC, product_id) FILTER (WHERE in_history AND related_product_id NOT IN (?)) AS history_by
         FROM (SELECT product_id, related_product_id, score,
                      score * CASE WHEN product_id IN (?) THEN ?::float8 ELSE 1 END AS w,
                      product_id IN (?) AS in_cart, product_id IN (?) AS in_history
                 FROM rl_co_purchase
                WHERE product_id IN (?) AND deleted_at IS NULL) c
        GROUP BY related_product_id
     ) r
      WHERE cart_s > 0 OR history_s > 0
      ORDER BY cart_s + ? * history_s DESC, related_product_id LIMIT ?`,
    [cart, history, cart, history, anchor, seeds.anchorWeight ?? 1, cart, history, [...cart, ...history], seeds.historyWeight, limit]
  )
  for (const r of rows) {
    const id = r.related_product_id as string
    if (Number(r.cart_s) > 0) {
      out.cart.set(id, Number(r.cart_s))
      out.cartBy.set(id, r.cart_by ?? [])
    }
    if (Number(r.history_s) > 0) {
      out.history.set(id, Number(r.history_s))
      out.historyBy.set(id, r.history_by ?? [])
    }
  }
  return out
}

/**
 * The anchors' two-step co-purchase neighbourhood: Σ score(a, n) · score(n, p)
 * over their related products n, the anchors left out. Substitutes share
 * what they are bought with (and on this data, colours of one design are
 * also bought together, so direct neighbours stay in); at most 50 × 50 rows
 * per anchor are joined.
 */
export async function neighbourhoodSql(m: SqlManager, anchorIds: string[], limit: number): Promise<Map<string, number>> {
  if (!anchorIds.length) return new Map()
  const rows = await m.execute(
    `SELECT c2.related_product_id AS id, sum(c1.score * c2.score)::float8 AS s
       FROM rl_co_purchase c1
       JOIN rl_co_purchase c2 ON c2.product_id = c1.related_product_id AND c2.deleted_at IS NULL
      WHERE c1.product_id IN (?) AND c1.deleted_at IS NULL AND c2.related_product_id NOT IN (?)
      GROUP BY c2.related_product_id
      ORDER BY s DESC, c2.related_product_id LIMIT ?`,
    [anchorIds, anchorIds, limit]
  )
  return new Map(rows.map((r: any) => [r.id as string, Number(r.s)]))
}
