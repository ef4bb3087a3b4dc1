/**
 * The shapes the agent module's service takes and returns: one place, read by
 * the service, its repositories and the workflows.
 */
import type { InferTypeOf } from "@medusajs/framework/types"
import type { PolicyChoice } from "../../../learning/policy"
import type { Rng } from "../../../learning/rng"
import type { Strategy } from "../../../learning/strategies"
import type { AlertRecord } from "../../../monitoring/alerts"
import type { RewardKind } from "../../../learning/reward"
import type { PurchaseSummary } from "../../../learning/profile"
import RlAgent from "../models/agent"
import RlDecision from "../models/decision"

export type DependencyStatus = {
  status: "ok" | "down" | "not_configured"
  latency_ms?: number
  error?: string
}

export type RlAgentDTO = InferTypeOf<typeof RlAgent>
export type RlDecisionDTO = InferTypeOf<typeof RlDecision>

/** Everything the policy needs, read in one place per request. */
export interface DecideOptions {
  seed?: number
  rng?: Rng
  /** the strategies ε may try on this request (the guard rail); default the agent's own set */
  explorable?: Strategy[]
}

export interface AgentDecision {
  agent: RlAgentDTO
  stateKey: string
  choice: PolicyChoice
}

export interface ApplyRewardInput {
  decision_id: string
  kind: RewardKind
  /** Idempotency key: the same (decision, kind, source) applies once. */
  source_event_id: string
  product_id?: string | null
  /** Revenue in major units, for the `revenue` kind. */
  revenue?: number
  /** Ends the episode: the update uses r alone. */
  terminal?: boolean
  /** Overrides the scheme's value (claw-backs take back exactly what was earned). */
  value?: number
  /** Money behind the reward, major units (negative when taken back). */
  amount?: number | null
}

export interface ApplyRewardResult {
  /** False when this (decision, kind, source) had already been applied. */
  applied: boolean
  reward_id: string | null
  value: number
  q_after: number | null
  next_state_key: string | null
}

/** A customer's stored profile, as the state and `personalized` read it. */
/** The stored profile as the state reads it: the purchase summary, and the top products. */
export interface CustomerHistory extends PurchaseSummary {
  /** Up to 20 product ids, bought in the most orders first. */
  topProductIds: string[]
}

export interface StatisticsRefresh {
  products: number
  co_purchases: number
  profiles: number
  duration_ms: number
  /** Where the time went: product windows, reading the baskets, RP3beta with its writes, customer profiles. */
  phases_ms: { products: number; baskets: number; co_purchases: number; profiles: number }
}

/** One server process's responses of one store route in one minute, for the alerts (api/utils/route-metrics.ts). */
export type RouteMinute = {
  process: string
  minute: Date
  route: string
  requests: number
  server_errors: number
  /** the latency histogram's counts per bucket (monitoring/latency.ts) */
  buckets: number[]
  memory_ratio: number
}

/** An alert as the admin and the notifications read it. */
export type AlertRow = AlertRecord<Date>

/** A raise or a resolve not yet handed to the Notification Module. */
export type AlertDelivery = AlertRow & { phase: "raised" | "resolved" }
