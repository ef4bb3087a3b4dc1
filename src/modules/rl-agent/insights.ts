/**
 * Read-only SQL behind the admin dashboard's cards and widgets. Each
 * function is one statement whatever the amount of data; values are bound.
 */
import type { SqlManager } from "./maintenance"

export type ActivitySummary = {
  since: string
  decisions: number
  explored: number
  rewards: number
  engagements: number
  conversions: number
  conversion_rate: number
  /** Revenue attributed to recommended products (major units, net of claw-backs). */
  revenue: number
  average_reward: number
}

/** Decisions since `since` and the rewards they earned, live from the log. */
export async function activitySummarySql(m: SqlManager, since: Date): Promise<ActivitySummary> {
  const [row] = await m.execute(
    `WITH d AS (
       SELECT id, explored FROM rl_decision WHERE created_at >= ? AND deleted_at IS NULL
     ), r AS (
       SELECT r.kind, r.value, r.amount, r.source_event_id
         FROM rl_reward r JOIN d ON d.id = r.decision_id
        WHERE r.deleted_at IS NULL AND r.kind NOT IN ('view', 'episode_end')
     )
     SELECT (SELECT count(*) FROM d)::int AS decisions,
            (SELECT count(*) FILTER (WHERE explored) FROM d)::int AS explored,
            (SELECT count(*) FROM r)::int AS rewards,
            (SELECT count(*) FILTER (WHERE kind = 'engagement') FROM r)::int AS engagements,
            (SELECT greatest(count(*) FILTER (WHERE kind = 'conversion')
                    - count(*) FILTER (WHERE kind = 'clawback' AND source_event_id LIKE 'cancel|%'), 0) FROM r)::int AS conversions,
            (SELECT coalesce(sum(amount) FILTER (WHERE kind IN ('revenue', 'clawback')), 0) FROM r)::float8 AS revenue,
            (SELECT coalesce(sum(value), 0) FROM r)::float8 AS reward_sum`,
    [since]
  )
  const decisions = Number(row.decisions)
  return {
    since: since.toISOString(),
    decisions,
    explored: Number(row.explored),
    rewards: Number(row.rewards),
    engagements: Number(row.engagements),
    conversions: Number(row.conversions),
    conversion_rate: decisions ? Number(row.conversions) / decisions : 0,
    revenue: Number(row.revenue),
    average_reward: decisions ? Number(row.reward_sum) / decisions : 0,
  }
}

export type ProductInsight = {
  product_id: string
  times_recommended: number
  last_recommended_at: string | null
  engagements: number
  conversions: number
  revenue: number
  by_strategy: Array<{ strategy: string; times_recommended: number; engagements: number; conversions: number; revenue: number }>
}

/**
 * How often a product was recommended, by which strategy, the engagements
 * with it, and the orders those recommendations converted that contain it
 * (with its line revenue, from the recorded order lines). One statement; the
 * GIN index on product_ids finds the decisions.
 */
export async function productInsightSql(m: SqlManager, productId: string): Promise<ProductInsight> {
  const rows = await m.execute(
    `WITH d AS (
       SELECT id, strategy, created_at FROM rl_decision
        WHERE product_ids @> ARRAY[?]::text[] AND deleted_at IS NULL
     ), e AS (
       SELECT r.decision_id, count(*) AS engagements
         FROM rl_reward r JOIN d ON d.id = r.decision_id
        WHERE r.deleted_at IS NULL AND r.kind = 'engagement' AND r.product_id = ?
        GROUP BY r.decision_id
     ), c AS (
       -- a conversion's source is "order|<order id>"; the order's lines are in rl_purchase
       SELECT r.decision_id, count(DISTINCT r.source_event_id) AS conversions,
              sum(p.quantity * p.unit_price) AS revenue
         FROM rl_reward r JOIN d ON d.id = r.decision_id
         JOIN rl_purchase p ON p.source_id = substring(r.source_event_id from 7) AND p.product_id = ?
              AND NOT p.is_return AND p.deleted_at IS NULL
        WHERE r.deleted_at IS NULL AND r.kind = 'conversion' AND r.source_event_id LIKE 'order|%'
        GROUP BY r.decision_id
     )
     SELECT d.strategy::text AS strategy, count(*)::int AS times_recommended, max(d.created_at) AS last_at,
            coalesce(sum(e.engagements), 0)::int AS engagements, coalesce(sum(c.conversions), 0)::int AS conversions,
            coalesce(sum(c.revenue), 0)::float8 AS revenue
       FROM d LEFT JOIN e ON e.decision_id = d.id LEFT JOIN c ON c.decision_id = d.id
      GROUP BY d.strategy ORDER BY 2 DESC, 1`,
    [productId, productId, productId]
  )
  const by_strategy = rows.map((r) => ({
    strategy: r.strategy as string,
    times_recommended: Number(r.times_recommended),
    engagements: Number(r.engagements),
    conversions: Number(r.conversions),
    revenue: Number(r.revenue),
  }))
  const sum = (k: "times_recommended" | "engagements" | "conversions" | "revenue") =>
    by_strategy.reduce((s, r) => s + r[k], 0)
  const last = rows.reduce<Date | null>((acc, r) => {
    const t = r.last_at ? new Date(r.last_at) : null
    return t && (!acc || t > acc) ? t : acc
  }, null)
  return {
    product_id: productId,
    times_recommended: sum("times_recommended"),
    last_recommended_at: last?.toISOString() ?? null,
    engagements: sum("engagements"),
    conversions: sum("conversions"),
    revenue: sum("revenue"),
    by_strategy,
  }
}

export type CustomerProfileRow = {
  orders: number
  units: number
  low_band_units: number
  revenue: number
  first_purchased_at: string | null
  last_purchased_at: string | null
  top_product_ids: string[]
}

/** The stored purchase profile of a customer, or null without purchases. */
export async function customerProfileSql(m: SqlManager, customerId: string): Promise<CustomerProfileRow | null> {
  const [row] = await m.execute(
    `SELECT orders, units, low_band_units, revenue, first_purchased_at, last_purchased_at, top_product_ids
       FROM rl_customer_profile WHERE customer_id = ? AND deleted_at IS NULL`,
    [customerId]
  )
  if (!row) return null
  return {
    orders: Number(row.orders),
    units: Number(row.units),
    low_band_units: Number(row.low_band_units),
    revenue: Number(row.revenue),
    first_purchased_at: row.first_purchased_at ? new Date(row.first_purchased_at).toISOString() : null,
    last_purchased_at: row.last_purchased_at ? new Date(row.last_purchased_at).toISOString() : null,
    top_product_ids: Array.isArray(row.top_product_ids) ? row.top_product_ids : [],
  }
}
