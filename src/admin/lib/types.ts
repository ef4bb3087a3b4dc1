/** Shapes of the plugin's admin API responses, as the dashboard reads them. */
export type AdminRlAgent = {
  id: string
  epsilon: number
  epsilon_min: number
  epsilon_decay: number
  alpha: number
  gamma: number
  episode_count: number
  model_version: number
  learning_enabled: boolean
  last_update_at: string | null
  q_table: { states: number; entries: number }
}

export type AdminRlHealth = {
  status: "ok" | "degraded"
  postgres: { status: string; latency_ms?: number; error?: string }
  redis: { status: string; latency_ms?: number; error?: string }
  agent: { status: string }
}

export type ActivitySummary = {
  since: string
  decisions: number
  explored: number
  rewards: number
  engagements: number
  conversions: number
  conversion_rate: number
  revenue: number
  average_reward: number
}

export type MetricsRow = {
  bucket: string
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

export type MetricsQuery = {
  from?: string
  to?: string
  granularity?: "hour" | "day"
  group_by?: "none" | "strategy" | "country" | "segment" | "segment_strategy" | "country_strategy"
}

export type DecisionRow = {
  id: string
  created_at: string
  strategy: string
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
  rewards: Array<{ kind: string; value: number; amount: number | null; product_id: string | null; created_at: string }>
  reward_sum: number
  engaged: boolean
  converted: boolean
  revenue: number
}

export type DecisionFilters = {
  strategy?: string
  explored?: "true" | "false"
  customer_id?: string
  from?: string
  to?: string
}

export type Snapshot = {
  id: string
  label: string | null
  reason: string
  model_version: number
  states: number
  entries: number
  created_at: string
}

export type FailedJob = {
  id: string
  name: string
  attempts_made: number
  failed_reason: string
  failed_at: string | null
}

export type ImportRun = {
  id: string
  file_name: string
  status: "running" | "completed" | "failed"
  phase: string
  processed: number
  total: number
  summary: Record<string, unknown> | null
  error: string | null
  created_at: string
  finished_at: string | null
}

export type EvaluationMethod = {
  method: string
  label: string
  what: string
  metrics: { hit: number; recall: number; ndcg: number; revenue: number }
  coverage: number
}

export type Evaluation = {
  id: string
  model_version: number | null
  created_at: string
  report: { generated_at?: string; methods?: EvaluationMethod[]; [k: string]: unknown }
}

export type Estimate = { value: number; lo: number; hi: number }
export type Ope = {
  policy: string
  model_version: number
  decisions: number
  ips: Estimate
  snips: Estimate
  dr: Estimate
  effective_sample_size: number
  logged_value: number
  max_weight: number
  note: string | null
}

export type Preview = {
  state_key: string
  features: Record<string, number | string | null>
  model_version: number
  epsilon: number
  strategy: string
  explored: boolean
  propensity: number
  greedy: string[]
  q_values: Record<string, number>
  reason: string
  cart_product_ids: string[]
  fallback: string | null
  products: Array<{ id: string; title: string; handle: string; thumbnail: string | null; price: { amount: number; currency_code: string }; score: number }>
}

export type PreviewInput = {
  customer_id?: string
  cart_id?: string
  items?: Array<{ product_id: string; quantity: number }>
  limit?: number
  device?: "desktop" | "mobile" | "tablet"
  seed?: number
}

export type Simulation = {
  strategy: string
  q_before: number
  q_after: number
  steps: Array<{ kind: string; reward: number; terminal: boolean; q_before: number; q_after: number }>
  q: Record<string, number>
  alpha: number
  gamma: number
}

export type CustomerInsight = {
  id: string
  profile: {
    orders: number
    units: number
    low_band_units: number
    revenue: number
    first_purchased_at: string | null
    last_purchased_at: string | null
    top_product_ids: string[]
  } | null
  features: { price_sensitivity: number; engagement_level: number; segment: string }
  decisions: DecisionRow[]
  decision_count: number
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
