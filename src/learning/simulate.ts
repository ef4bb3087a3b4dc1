/**
 * What a piece of feedback would do to Q(s, a), computed with the same
 * update rule the store applies, without writing anything: the admin
 * tester's "simulate feedback".
 */
import { fillQ, type QValues } from "./policy"
import { DEFAULT_REWARD_WEIGHTS, rewardValue, type RewardKind, type RewardWeights } from "./reward"
import type { Strategy } from "./strategies"
import { maxQ, qUpdate } from "./update"

export const SIMULATED_EVENTS = ["click", "add_to_cart", "dismiss", "purchase", "abandon"] as const
export type SimulatedEvent = (typeof SIMULATED_EVENTS)[number]

export interface SimulatedStep {
  kind: RewardKind
  reward: number
  terminal: boolean
  q_before: number
  q_after: number
}

export interface SimulationResult {
  strategy: Strategy
  q_before: number
  q_after: number
  steps: SimulatedStep[]
  /** Q of every strategy after the feedback (only `strategy` moves). */
  q: QValues
}

/**
 * The rewards an event earns, as the store records them: a click
 * or add to cart is engagement, a dismissal a rejection (the episode goes
 * on, so the next state is this one); a purchase is conversion then revenue
 * and an abandonment ends the episode.
 */
export function rewardsOf(
  event: SimulatedEvent,
  revenue: number,
  w: RewardWeights = DEFAULT_REWARD_WEIGHTS
): Array<{ kind: RewardKind; reward: number; terminal: boolean }> {
  switch (event) {
    case "click":
    case "add_to_cart":
      return [{ kind: "engagement", reward: rewardValue("engagement", w), terminal: false }]
    case "dismiss":
      return [{ kind: "rejection", reward: rewardValue("rejection", w), terminal: false }]
    case "purchase":
      return [
        { kind: "conversion", reward: rewardValue("conversion", w), terminal: true },
        ...(revenue > 0 ? [{ kind: "revenue" as const, reward: rewardValue("revenue", w, revenue), terminal: true }] : []),
      ]
    case "abandon":
      return [{ kind: "abandonment", reward: rewardValue("abandonment", w), terminal: true }]
  }
}

export function simulateFeedback(input: {
  q: Partial<QValues>
  strategy: Strategy
  event: SimulatedEvent
  revenue?: number
  alpha: number
  gamma: number
  weights?: RewardWeights
}): SimulationResult {
  const q = fillQ(input.q)
  const before = q[input.strategy]
  const rewards = rewardsOf(input.event, input.revenue ?? 0, input.weights)
  // the rewards of one event are one transition, as the store applies them: one update with their sum;
  // s' = s for feedback within the episode, so its max includes the cell being moved
  const total = rewards.reduce((sum, r) => sum + r.reward, 0)
  const terminal = rewards.some((r) => r.terminal)
  q[input.strategy] = qUpdate(before, total, maxQ(q), input.alpha, input.gamma, terminal)
  const steps: SimulatedStep[] = rewards.map((r) => ({ ...r, q_before: before, q_after: q[input.strategy] }))
  return { strategy: input.strategy, q_before: before, q_after: q[input.strategy], steps, q }
}
