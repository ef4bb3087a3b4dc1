import { describe, expect, it } from "vitest"
import { maxQ, priorAwareMax, priorAwareUpdate, qTarget, qUpdate } from "../update"
import {
  DEFAULT_REWARD_WEIGHTS,
  feedbackReward,
  revenueReward,
  rewardUpdatesQ,
  rewardValue,
  validateRewardWeights,
} from "../reward"

describe("Q update", () => {
  it("applies Q ← Q + α(r + γ max Q' − Q) with hand-computed values", () => {
    // 0.2 + 0.01 * (0.5 + 0.95 * 0.4 - 0.2) = 0.2 + 0.01 * 0.68 = 0.2068
    expect(qUpdate(0.2, 0.5, 0.4, 0.01, 0.95, false)).toBeCloseTo(0.2068, 12)
    // terminal: 0.2 + 0.01 * (1.0 - 0.2) = 0.208
    expect(qUpdate(0.2, 1.0, 0.4, 0.01, 0.95, true)).toBeCloseTo(0.208, 12)
    // from an empty table: 0 + 0.01 * 0.5 = 0.005
    expect(qUpdate(0, 0.5, 0, 0.01, 0.95, false)).toBeCloseTo(0.005, 12)
  })

  it("takes max over s' with unseen strategies at 0", () => {
    expect(maxQ({ popular: -0.3 })).toBe(0)
    expect(maxQ({ low_price: -0.1, medium_price: -0.2, high_price: -0.3, category_match: -0.4, popular: -0.5, personalized: -0.6 })).toBe(-0.1)
    expect(maxQ({ popular: 0.7, low_price: 0.2 })).toBe(0.7)
    expect(qTarget(0.5, 0.7, 0.95, false)).toBeCloseTo(1.165, 12)
    expect(qTarget(0.5, 0.7, 0.95, true)).toBe(0.5)
  })
})

describe("reward scheme", () => {
  it("has the original design's default weights", () => {
    expect(rewardValue("conversion")).toBe(1.0)
    expect(rewardValue("engagement")).toBe(0.5)
    expect(rewardValue("retention")).toBe(0.3)
    expect(rewardValue("abandonment")).toBe(-0.1)
    expect(rewardValue("rejection")).toBeLessThan(0)
    expect(rewardValue("view")).toBe(0)
  })

  it("scales revenue as weight · ln(1 + revenue / scale)", () => {
    // ln(2) at the scale, ≈ proportional for small baskets
    expect(revenueReward(100)).toBeCloseTo(Math.log(2), 12)
    expect(revenueReward(1)).toBeCloseTo(Math.log(1.01), 12)
    expect(revenueReward(0)).toBe(0)
    expect(revenueReward(-50)).toBe(0)
    expect(rewardValue("revenue", { ...DEFAULT_REWARD_WEIGHTS, revenue: 2, revenueScale: 50 }, 50)).toBeCloseTo(2 * Math.log(2), 12)
  })

  it("maps feedback to rewards by the rule: one engagement, no reward for claimed adds, no rejection after engagement", () => {
    const fresh = { engaged: false }
    expect(feedbackReward("click", fresh)).toEqual({ kind: "engagement", source_event_id: "engagement" })
    expect(feedbackReward("view", fresh)).toEqual({ kind: "view", source_event_id: "view" })
    expect(feedbackReward("dismiss", fresh)).toEqual({ kind: "rejection", source_event_id: "dismiss" })
    // the cart, not the storefront, says what was added
    expect(feedbackReward("add_to_cart", fresh)).toBeNull()
    // closing the strip after using it is not a rejection; a click after a dismissal still engages
    expect(feedbackReward("dismiss", { engaged: true })).toBeNull()
    expect(feedbackReward("click", { engaged: true })).toEqual({ kind: "engagement", source_event_id: "engagement" })
    expect(rewardUpdatesQ("view")).toBe(false)
    expect(rewardUpdatesQ("engagement")).toBe(true)
  })

  it("validates weights", () => {
    expect(validateRewardWeights(DEFAULT_REWARD_WEIGHTS)).toEqual([])
    expect(validateRewardWeights({ ...DEFAULT_REWARD_WEIGHTS, abandonment: 0.5, revenueScale: 0 })).toHaveLength(2)
  })
})

describe("priorAwareUpdate (the rule the store's SQL and the replay agent apply)", () => {
  it("starts a new cell from the prior, continues an old one from itself, and moves the prior from its own value", () => {
    const prior = { popular: 0.2 }
    const fresh = priorAwareUpdate({ cell: {}, prior }, "popular", 1, null, 0.1, 0.95, true)
    expect(fresh).toEqual({ target: 1, q: 0.2 + 0.1 * (1 - 0.2), prior: 0.2 + 0.1 * (1 - 0.2) })
    const old = priorAwareUpdate({ cell: { popular: 0.6 }, prior }, "popular", 1, null, 0.1, 0.95, true)
    expect(old.q).toBeCloseTo(0.6 + 0.1 * 0.4, 12)
    expect(old.prior).toBeCloseTo(0.2 + 0.1 * 0.8, 12)
    // nothing taught yet: 0
    expect(priorAwareUpdate({ cell: {}, prior: {} }, "low_price", -0.1, null, 0.5, 0.9, true).q).toBeCloseTo(-0.05, 12)
  })

  it("bootstraps from s' with untried strategies at the prior, and not at all when terminal", () => {
    const next = { cell: { low_price: 0.1 }, prior: { personalized: 0.7 } }
    expect(priorAwareMax(next)).toBe(0.7)
    const u = priorAwareUpdate({ cell: {}, prior: {} }, "popular", 0.5, next, 0.1, 0.9, false)
    expect(u.target).toBeCloseTo(0.5 + 0.9 * 0.7, 12)
    expect(priorAwareUpdate({ cell: {}, prior: {} }, "popular", 0.5, next, 0.1, 0.9, true).target).toBe(0.5)
  })
})
