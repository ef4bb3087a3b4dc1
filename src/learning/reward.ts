/**
 * The reward scheme of the original design, with configurable weights.
 */

export const REWARD_KINDS = [
  "view",
  "engagement",
  "conversion",
  "revenue",
  "retention",
  "abandonment",
  "rejection",
  // negative of the conversion/revenue an order earned, when it is cancelled or returned
  "clawback",
  // marks the end of a cart's episode (order or abandonment); value 0, counted once per cart
  "episode_end",
] as const
export type RewardKind = (typeof REWARD_KINDS)[number]

export interface RewardWeights {
  /** An order contains a recommended product. */
  conversion: number
  /** Weight of the revenue term, see revenueReward. */
  revenue: number
  /** Revenue (major units) at which the revenue term reaches weight·ln 2. */
  revenueScale: number
  /** Click or add to cart of a recommended product. */
  engagement: number
  /** The customer comes back (new cart within the retention window). */
  retention: number
  /** No engagement and no order by the end of the decision's window. */
  abandonment: number
  /** Explicit `dismiss` feedback. */
  rejection: number
}

export const DEFAULT_REWARD_WEIGHTS: RewardWeights = {
  conversion: 1.0,
  revenue: 1.0,
  revenueScale: 100,
  engagement: 0.5,
  retention: 0.3,
  abandonment: -0.1,
  rejection: -0.2,
}

/**
 * Revenue-proportional reward: weight · ln(1 + revenue / scale). Proportional
 * for small baskets (≈ weight·revenue/scale), logarithmic for the rare huge
 * wholesale order so one order cannot swamp thousands of ordinary ones.
 */
export function revenueReward(revenue: number, w: RewardWeights = DEFAULT_REWARD_WEIGHTS): number {
  if (!Number.isFinite(revenue) || revenue <= 0) return 0
  return w.revenue * Math.log1p(revenue / w.revenueScale)
}

export function rewardValue(
  kind: RewardKind,
  w: RewardWeights = DEFAULT_REWARD_WEIGHTS,
  revenue = 0
): number {
  switch (kind) {
    case "view":
      return 0
    case "engagement":
      return w.engagement
    case "conversion":
      return w.conversion
    case "revenue":
      return revenueReward(revenue, w)
    case "retention":
      return w.retention
    case "abandonment":
      return w.abandonment
    case "rejection":
      return w.rejection
    case "clawback":
      // the amount is the earned reward being taken back, passed as `revenue`
      return -Math.abs(revenue)
    case "episode_end":
      return 0
  }
}

export const FEEDBACK_TYPES = ["view", "click", "add_to_cart", "dismiss"] as const
export type FeedbackType = (typeof FEEDBACK_TYPES)[number]

/** The key a decision's one engagement is stored under, whether a cart add or a click earned it. */
export const ENGAGEMENT_SOURCE = "engagement"

export interface FeedbackReward {
  kind: RewardKind
  /** With the decision, the reward's idempotency key: one per decision and kind. */
  source_event_id: string
}

/**
 * What storefront feedback earns — the rule, as the README states it:
 * - `view`: a marker (no reward), once per decision;
 * - `click` on one of its products: the decision's one engagement, the same
 *   one a cart add earns (whichever comes first counts);
 * - `add_to_cart`: nothing: the cart's own line items earn the engagement,
 *   the storefront's word is not proof that anything was added;
 * - `dismiss`: the decision's one rejection, unless it already has an
 *   engagement (closing a strip after using it is not a rejection); an
 *   engagement after a dismissal still counts.
 * `null`: nothing to record.
 */
export function feedbackReward(type: FeedbackType, decision: { engaged: boolean }): FeedbackReward | null {
  switch (type) {
    case "view":
      return { kind: "view", source_event_id: "view" }
    case "click":
      return { kind: "engagement", source_event_id: ENGAGEMENT_SOURCE }
    case "add_to_cart":
      return null
    case "dismiss":
      return decision.engaged ? null : { kind: "rejection", source_event_id: "dismiss" }
  }
}

/** Views are impressions and episode ends are markers: logged, but they do not move Q. */
export function rewardUpdatesQ(kind: RewardKind): boolean {
  return kind !== "view" && kind !== "episode_end"
}

export function validateRewardWeights(w: RewardWeights): string[] {
  const errors: string[] = []
  for (const [k, v] of Object.entries(w)) {
    if (typeof v !== "number" || !Number.isFinite(v)) errors.push(`rewards.${k} must be a finite number`)
  }
  if (w.revenueScale <= 0) errors.push("rewards.revenueScale must be > 0")
  if (w.abandonment > 0) errors.push("rewards.abandonment must be ≤ 0")
  if (w.rejection > 0) errors.push("rewards.rejection must be ≤ 0")
  return errors
}
