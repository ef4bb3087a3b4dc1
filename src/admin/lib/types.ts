import type { Intent, Placement, Recommendation, RecommendedProduct } from "../../../packages/storefront/src/types"
import type { ShadowCounts, ShadowRow } from "../../modules/rl-agent/repositories/shadows"
import type { ShadowPromotion } from "../../evaluation/promotion"
import type { RuleAuditRow, RuleRow } from "../../modules/rl-agent/repositories/rules"
import type { AlertKind, AlertRecord } from "../../monitoring/alerts"
import type { ExperimentArmResult } from "../../learning/experiments"
import type { Strategy } from "../../learning/strategies"
import type { ExperimentRow } from "../../modules/rl-agent/repositories/experiments"
/**
 * Shapes of the plugin's admin API responses, as the dashboard reads them:
 * the server's own types where the JSON is the same (type-only imports, erased
 * from the bundle), restated only where JSON changes a type (dates become strings).
 */
import type { Estimate, OpeResult } from "../../evaluation/ope"
import type { ConvergenceDay, ConvergenceReading } from "../../learning/convergence"
import type { ActivitySummary, CustomerProfileRow, DecisionLogRow, MetricsRow, ProductInsight, QueueCounts } from "../../modules/rl-agent/types/admin"

export type { ActivitySummary, ConvergenceDay, Estimate, MetricsRow, ProductInsight }

/** A merchandising rule as the admin routes return it (dates as ISO strings). */
export type Rule = Omit<RuleRow, "created_at" | "updated_at"> & { created_at: string; updated_at: string }
export type RuleInput = Omit<Rule, "id" | "created_at" | "updated_at">
export type RuleAuditEntry = Omit<RuleAuditRow, "created_at" | "before" | "after"> & { created_at: string; before: Rule | null; after: Rule | null }

export type DecisionRow = Omit<DecisionLogRow, "created_at"> & { created_at: string }

export type Ope = OpeResult & { policy: string; model_version: number; decisions: number; note: string | null }

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
  /** a strategy served to everyone instead of the policy, or null */
  serving_strategy: Strategy | null
  /** the strategies exploration may try (the guard rail; all six by default) */
  explore_strategies: Strategy[]
  /** the per-request rail: explore only into a strategy whose own list fills the request */
  explore_full_list: boolean
  /** and count only products with at least this stock; null: no level */
  explore_min_stock: number | null
  last_update_at: string | null
  q_table: { states: number; entries: number }
}

/** GET /admin/rl/health, as `src/api/admin/rl/health/route.ts` returns it. */
export type AdminRlHealth = {
  status: "ok" | "degraded"
  postgres: { status: string; latency_ms?: number; error?: string }
  redis: { status: string; latency_ms?: number; error?: string }
  /** Null while Redis is down. */
  queue: (QueueCounts & { last_error: { job_id: string; reason: string; at: string | null } | null }) | null
  /** Jobs kept in Postgres while the queue was unreachable; null while Postgres is down. */
  outbox: { pending: number | null }
  agent:
    | { status: "learning" | "paused"; model_version: number; epsilon: number; last_update_at: string | null }
    | { status: "unknown" }
}

export type MetricsQuery = {
  from?: string
  to?: string
  granularity?: "hour" | "day"
  group_by?: "none" | "strategy" | "country" | "segment" | "currency" | "segment_strategy" | "country_strategy"
  /** Only decisions priced in this currency (for revenue, which is never added across currencies). */
  currency_code?: string
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


export type Preview = {
  placement: Placement
  intent: Intent
  product_id: string | null
  state_key: string
  features: Record<string, number | string | null>
  model_version: number
  epsilon: number
  strategy: string
  explored: boolean
  propensity: number
  greedy: string[]
  /** what exploration could try for this shopper: the merchant's set less what the per-request guard rail refused */
  explorable: string[]
  q_values: Record<string, number>
  reason: string
  cart_product_ids: string[]
  fallback: string | null
  region: Recommendation["region"]
  price_bands: Recommendation["price_bands"]
  products: RecommendedProduct[]
}

export type PreviewInput = {
  placement?: Placement
  product_id?: string
  intent?: Intent
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
  profile: CustomerProfileRow | null
  features: { price_sensitivity: number; engagement_level: number; segment: string }
  decisions: DecisionRow[]
  decision_count: number
}

export type ConvergenceResponse = { model_version: number; days: ConvergenceDay[]; reading: ConvergenceReading }

/** GET /admin/rl/alerts */
export type RlAlert = AlertRecord<string>

export type AlertsResponse = {
  alerts: RlAlert[]
  count: number
  enabled: boolean
  thresholds: Record<AlertKind, number | null>
}

/** GET /admin/rl/experiments */
export type Experiment = Omit<ExperimentRow, "started_at" | "stopped_at"> & { started_at: string; stopped_at: string | null }
/** GET /admin/rl/experiments/:id */
export type ExperimentResultsResponse = { experiment: Experiment; arms: ExperimentArmResult[] }

/** A shadow candidate, as GET /admin/rl/shadows lists it. */
export type Shadow = Omit<ShadowRow, "started_at" | "stopped_at"> & { started_at: string; stopped_at: string | null }
/** GET /admin/rl/shadows/:id */
export type ShadowResponse = { shadow: Shadow; counts: ShadowCounts; promotion: ShadowPromotion }
