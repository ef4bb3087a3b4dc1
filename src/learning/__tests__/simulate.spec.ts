import { describe, expect, it } from "vitest"
import { DEFAULT_REWARD_WEIGHTS, revenueReward } from "../reward"
import { rewardsOf, simulateFeedback } from "../simulate"

describe("simulateFeedback", () => {
  const q = { personalized: 0.4, popular: 0.9, low_price: 0.1 }

  it("moves an engagement by α toward r + γ·max Q(s)", () => {
    const out = simulateFeedback({ q, strategy: "personalized", event: "click", alpha: 0.1, gamma: 0.95 })
    // 0.4 + 0.1·(0.5 + 0.95·0.9 − 0.4)
    expect(out.q_after).toBeCloseTo(0.4 + 0.1 * (0.5 + 0.95 * 0.9 - 0.4), 12)
    expect(out.q_before).toBe(0.4)
    expect(out.q.popular).toBe(0.9)
    expect(out.q.high_price).toBe(0)
    expect(out.steps).toHaveLength(1)
    expect(out.steps[0]).toMatchObject({ kind: "engagement", terminal: false })
  })

  it("applies a purchase's conversion and revenue as one terminal update with their sum", () => {
    const out = simulateFeedback({ q, strategy: "popular", event: "purchase", revenue: 100, alpha: 0.5, gamma: 0.95 })
    const expected = 0.9 + 0.5 * (1 + revenueReward(100) - 0.9)
    expect(out.steps.map((s) => s.kind)).toEqual(["conversion", "revenue"])
    expect(out.q_after).toBeCloseTo(expected, 12)
    expect(out.steps.every((s) => s.q_after === out.q_after)).toBe(true)
  })

  it("lowers Q on a dismissal and on abandonment", () => {
    for (const event of ["dismiss", "abandon"] as const) {
      const out = simulateFeedback({ q, strategy: "popular", event, alpha: 0.5, gamma: 0 })
      expect(out.q_after).toBeLessThan(0.9)
    }
  })

  it("has no revenue step for a purchase without revenue", () => {
    expect(rewardsOf("purchase", 0).map((r) => r.kind)).toEqual(["conversion"])
    expect(rewardsOf("abandon", 0)[0].reward).toBe(DEFAULT_REWARD_WEIGHTS.abandonment)
  })
})
