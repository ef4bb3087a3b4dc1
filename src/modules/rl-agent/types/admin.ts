/**
 * What the admin routes answer, as plain types with no server imports: the
 * queries in insights.ts produce them and the dashboard reads them.
 */
import type { Intent } from "../../../learning/intents"
import type { Placement } from "../../../learning/state"
import type { Strategy } from "../../../learning/strategies"

export const METRICS_GROUP_BY = ["none", "strategy", "country", "segment", "currency", "segment_strategy", "country_strategy"] as const
export type MetricsGroupBy = (typeof METRICS_GROUP_BY)[number]

export type ActivitySummary = {
  since: string
  decisions: number
  explored: number
  rewards: number
  engagements: number
  conversions: number
  conversion_rate: number
  /** Revenue attributed to recommended products (major units, net of claw-backs), all currencies added: see revenue_by_currency. */
  revenue: number
  /** The same per currency of the decisions (the only figures that mean something in a multi-currency store). */
  revenue_by_currency: Array<{ currency_code: string; revenue: number }>
  average_reward: number
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

export type CustomerProfileRow = {
  orders: number
  units: number
  low_band_units: number
  revenue: number
  first_purchased_at: string | null
  last_purchased_at: string | null
  top_product_ids: string[]
}

export interface DecisionLogRow {
  id: string
  created_at: Date
  placement: Placement
  intent: Intent
  /** The product page's product the list was built around. */
  anchor_product_id: string | null
  strategy: Strategy
  explored: boolean
  propensity: number
  epsilon: number
  model_version: number
  state_key: string
  cart_id: string | null
  customer_hash: string | null
  country: string | null
  fallback: string | null
  product_ids: string[]
  /** The currency the decision's products were priced in (its revenue is in it). */
  currency_code: string | null
  rewards: Array<{ kind: string; value: number; amount: number | null; product_id: string | null; created_at: string }>
  reward_sum: number
  engaged: boolean
  converted: boolean
  revenue: number
}

export interface MetricsRow {
  /** Start of the hour or day (UTC, ISO 8601). */
  bucket: string
  /** The group's value (strategy, country, segment), or "all". */
  key: string
  decisions: number
  explored: number
  engagements: number
  conversions: number
  revenue: number
  reward_sum: number
  average_reward: number
  conversion_rate: number
  abandonments: number
  rejections: number
}

/** The reward queue's job counts (the health route's `queue`, with its last error). */
export interface QueueCounts {
  mode: "bullmq" | "in-process"
  worker: boolean
  waiting: number
  active: number
  delayed: number
  failed: number
  completed: number
}
