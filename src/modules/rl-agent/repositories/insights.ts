/**
 * Read-only SQL behind the admin dashboard's cards and widgets. Each
 * function is one statement whatever the amount of data; values are bound.
 */
import { MedusaError } from "@medusajs/framework/utils"
import { REWARD_KINDS, type RewardKind } from "../../../learning/reward"
import type { Placement } from "../../../learning/state"
import type { Strategy } from "../../../learning/strategies"
import { kindsSql, type SqlManager } from "./sql"
import {
  METRICS_GROUP_BY,
  type ActivitySummary,
  type CustomerProfileRow,
  type DecisionLogRow,
  type MetricsGroupBy,
  type MetricsRow,
  type ProductInsight,
} from "../types/admin"

export { METRICS_GROUP_BY }
export type { ActivitySummary, CustomerProfileRow, DecisionLogRow, MetricsGroupBy, MetricsRow, ProductInsight }

/** Decisions since `since` and the rewards they earned, live from the log. */
export async function activitySummarySql(m: SqlManager, since: Date): Promise<ActivitySummary> {
  const [row] = await m.execute(
    `WITH d AS (
       SELECT id, explored, currency_code FROM rl_decision WHERE created_at >= ? AND deleted_at IS NULL
     ), r AS (
       SELECT r.kind, r.value, r.amount, r.source_event_id, d.currency_code
         FROM rl_reward r JOIN d ON d.id = r.decision_id
        WHERE r.deleted_at IS NULL AND r.kind NOT IN (${kindsSql("view", "episode_end")})
     )
     SELECT (SELECT count(*) FROM d)::int AS decisions,
            (SELECT count(*) FILTER (WHERE explored) FROM d)::int AS explored,
            (SELECT count(*) FROM r)::int AS rewards,
            (SELECT count(*) FILTER (WHERE kind = ${kindsSql("engagement")}) FROM r)::int AS engagements,
            (SELECT greatest(count(*) FILTER (WHERE kind = ${kindsSql("conversion")})
                    - count(*) FILTER (WHERE kind = ${kindsSql("clawback")} AND source_event_id LIKE 'cancel|%'), 0) FROM r)::int AS conversions,
            (SELECT coalesce(sum(amount) FILTER (WHERE kind IN (${kindsSql("revenue", "clawback")})), 0) FROM r)::float8 AS revenue,
            -- amounts of different currencies never add up: one figure per currency
            (SELECT coalesce(json_agg(json_build_object('currency_code', c.currency_code, 'revenue', c.revenue) ORDER BY c.revenue DESC), '[]')
               FROM (SELECT lower(currency_code) AS currency_code, sum(amount)::float8 AS revenue FROM r
                      WHERE kind IN (${kindsSql("revenue", "clawback")}) AND currency_code IS NOT NULL GROUP BY 1) c) AS revenue_by_currency,
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
    revenue_by_currency: (row.revenue_by_currency ?? []).map((c: any) => ({ currency_code: c.currency_code, revenue: Number(c.revenue) })),
    average_reward: decisions ? Number(row.reward_sum) / decisions : 0,
  }
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
        WHERE r.deleted_at IS NULL AND r.kind = ${kindsSql("engagement")} AND r.product_id = ?
        GROUP BY r.decision_id
     ), c AS (
       -- a conversion's source is "order|<order id>"; the order's lines are in rl_purchase
       SELECT r.decision_id, count(DISTINCT r.source_event_id) AS conversions,
              sum(p.quantity * p.unit_price) AS revenue
         FROM rl_reward r JOIN d ON d.id = r.decision_id
         JOIN rl_purchase p ON p.source_id = substring(r.source_event_id from 7) AND p.product_id = ?
              AND NOT p.is_return AND p.deleted_at IS NULL
        WHERE r.deleted_at IS NULL AND r.kind = ${kindsSql("conversion")} AND r.source_event_id LIKE 'order|%'
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

/**
 * A page of the decision log with each decision's rewards and outcome, and
 * the filtered total, in one query whatever the page size.
 */
export async function decisionLogSql(
  m: SqlManager,
  filters: {
    strategy?: Strategy
    placement?: Placement
    explored?: boolean
    /** The keyed hash of the customer id (the log stores nothing else). */
    customer_hash?: string | null
    cart_id?: string
    from?: Date
    to?: Date
  },
  page: { offset: number; limit: number }
): Promise<{ decisions: DecisionLogRow[]; count: number }> {
  // fixed fragments chosen here; every value is bound
  const where = ["d.deleted_at IS NULL"]
  const bindings: unknown[] = []
  const add = (fragment: string, value: unknown) => {
    where.push(fragment)
    bindings.push(value)
  }
  if (filters.strategy) add("d.strategy = ?", filters.strategy)
  if (filters.placement) add("d.placement = ?", filters.placement)
  if (filters.explored !== undefined) add("d.explored = ?", filters.explored)
  if (filters.customer_hash) add("d.customer_hash = ?", filters.customer_hash)
  if (filters.cart_id) add("d.cart_id = ?", filters.cart_id)
  if (filters.from) add("d.created_at >= ?", filters.from)
  if (filters.to) add("d.created_at <= ?", filters.to)
  const rows = await m.execute(
    `SELECT d.id, d.created_at, d.placement, d.intent, d.anchor_product_id, d.strategy, d.explored, d.propensity, d.epsilon, d.model_version, d.state_key,
            d.cart_id, d.customer_hash, d.features->>'country' AS country, d.fallback, d.product_ids, lower(d.currency_code) AS currency_code,
            coalesce(json_agg(json_build_object('kind', r.kind, 'value', r.value, 'amount', r.amount,
                     'product_id', r.product_id, 'created_at', r.created_at) ORDER BY r.created_at)
                     FILTER (WHERE r.id IS NOT NULL), '[]') AS rewards,
            coalesce(sum(r.value), 0)::float8 AS reward_sum,
            coalesce(bool_or(r.kind = ${kindsSql("engagement")}), false) AS engaged,
            coalesce(bool_or(r.kind = ${kindsSql("conversion")}), false) AS converted,
            coalesce(sum(r.amount) FILTER (WHERE r.kind IN (${kindsSql("revenue", "clawback")})), 0)::float8 AS revenue,
            count(*) OVER () AS total
       FROM rl_decision d
       LEFT JOIN rl_reward r ON r.decision_id = d.id AND r.deleted_at IS NULL
      WHERE ${where.join(" AND ")}
      GROUP BY d.id
      ORDER BY d.created_at DESC, d.id DESC
      LIMIT ? OFFSET ?`,
    [...bindings, page.limit, page.offset]
  )
  let count = rows.length ? Number(rows[0].total) : 0
  if (!rows.length && page.offset > 0) {
    const [c] = await m.execute(
      `SELECT count(*)::int AS n FROM rl_decision d WHERE ${where.join(" AND ")}`,
      bindings
    )
    count = c.n
  }
  return {
    decisions: rows.map(({ total, ...r }) => ({
      ...r,
      propensity: Number(r.propensity),
      epsilon: Number(r.epsilon),
      reward_sum: Number(r.reward_sum),
      revenue: Number(r.revenue),
    })),
    count,
  }
}

/**
 * Metrics from the hourly rollups over [from, to), by hour or day, overall
 * or split by strategy, country, segment or the strategy mix within either. One query.
 */
export async function metricsSql(
  m: SqlManager,
  input: { from: Date; to: Date; granularity: "hour" | "day"; group_by: MetricsGroupBy; currency_code?: string }
): Promise<MetricsRow[]> {
  // both are checked against fixed lists by the route's validator and here: never free text in SQL
  const unit = input.granularity === "day" ? "day" : "hour"
  const group = (
    {
      none: "'all'",
      strategy: "strategy::text",
      country: "country",
      segment: "segment",
      currency: "currency_code",
      // the strategy mix within each segment or country: key "returning|popular"
      segment_strategy: "segment || '|' || strategy::text",
      country_strategy: "country || '|' || strategy::text",
    } as const
  )[input.group_by]
  if (!group) throw new MedusaError(MedusaError.Types.INVALID_DATA, `group_by ${input.group_by} is not supported`)
  const rows = await m.execute(
    `SELECT date_trunc('${unit}', hour) AS bucket, ${group} AS key,
            sum(decisions)::int AS decisions, sum(explored)::int AS explored, sum(engagements)::int AS engagements,
            sum(conversions)::int AS conversions, sum(revenue)::float8 AS revenue, sum(reward_sum)::float8 AS reward_sum,
            sum(abandonments)::int AS abandonments, sum(rejections)::int AS rejections
       FROM rl_metric_hourly
      WHERE deleted_at IS NULL AND hour >= ? AND hour < ? AND (?::text IS NULL OR currency_code = ?)
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [input.from, input.to, input.currency_code ?? null, input.currency_code ?? null]
  )
  return rows.map((r) => ({
    bucket: new Date(r.bucket).toISOString(),
    key: r.key,
    decisions: r.decisions,
    explored: r.explored,
    engagements: r.engagements,
    conversions: r.conversions,
    revenue: Number(r.revenue),
    reward_sum: Number(r.reward_sum),
    average_reward: r.decisions ? Number(r.reward_sum) / r.decisions : 0,
    conversion_rate: r.decisions ? r.conversions / r.decisions : 0,
    abandonments: r.abandonments,
    rejections: r.rejections,
  }))
}

/** Rewards earned by the decisions made since `since`, by kind (every kind, 0 when none). */
export async function rewardsByKindSql(m: SqlManager, since: Date): Promise<Record<RewardKind, number>> {
  const rows = await m.execute(
    `SELECT r.kind, count(*)::int AS n FROM rl_reward r JOIN rl_decision d ON d.id = r.decision_id
      WHERE d.created_at >= ? AND d.deleted_at IS NULL AND r.deleted_at IS NULL GROUP BY r.kind`,
    [since]
  )
  const out = Object.fromEntries(REWARD_KINDS.map((k) => [k, 0])) as Record<RewardKind, number>
  for (const r of rows) out[r.kind as RewardKind] = Number(r.n)
  return out
}
