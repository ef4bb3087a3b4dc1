import { describe, expect, it } from "vitest"
import { armChoice, armsError, assignArm, compareArms, confidenceSequenceHalfWidth, sampleVariance, unitPosition, type ArmSpec } from "../experiments"
import { createRng } from "../rng"
import type { PolicyChoice } from "../policy"

const ARMS: ArmSpec[] = [
  { key: "agent", kind: "agent", weight: 0.8 },
  { key: "popular", kind: "strategy", strategy: "popular", weight: 0.2 },
]

describe("assignArm", () => {
  it("is sticky: the same unit gets the same arm on every call", () => {
    for (let i = 0; i < 100; i++) {
      const unit = `session-${i}`
      const first = assignArm("rlexp_1", unit, ARMS).key
      for (let k = 0; k < 3; k++) expect(assignArm("rlexp_1", unit, ARMS).key).toBe(first)
    }
  })

  it("splits units by the weights within a binomial tolerance (80/20 over 20,000 units)", () => {
    const n = 20_000
    let popular = 0
    for (let i = 0; i < n; i++) if (assignArm("rlexp_1", `s${i}`, ARMS).key === "popular") popular++
    // 4.5 standard deviations of Binomial(20000, 0.2): 0.2 ± 0.0127
    expect(Math.abs(popular / n - 0.2)).toBeLessThan(4.5 * Math.sqrt((0.2 * 0.8) / n))
  })

  it("reshuffles per experiment: a unit's arm in one experiment says nothing about the next", () => {
    let same = 0
    for (let i = 0; i < 10_000; i++) if ((unitPosition("rlexp_a", `c${i}`) < 0.5) === (unitPosition("rlexp_b", `c${i}`) < 0.5)) same++
    expect(Math.abs(same / 10_000 - 0.5)).toBeLessThan(0.03)
  })
})

describe("armChoice", () => {
  const agent: PolicyChoice = { strategy: "personalized", explored: false, propensity: 0.917, q: {} as any, greedy: ["personalized"] }
  it("serves the agent's own choice on its arm, the arm's strategy with propensity 1, or uniform with 1/6", () => {
    expect(armChoice(ARMS[0], agent, createRng(1))).toBe(agent)
    expect(armChoice(ARMS[1], agent, createRng(1))).toMatchObject({ strategy: "popular", explored: false, propensity: 1 })
    const rng = createRng(7)
    const seen = new Set<string>()
    for (let i = 0; i < 200; i++) {
      const c = armChoice({ key: "random", kind: "random", weight: 0.5 }, agent, rng)
      expect(c.propensity).toBeCloseTo(1 / 6, 12)
      seen.add(c.strategy)
    }
    expect(seen.size).toBe(6)
  })

  it("keeps the random arm inside the strategies exploration may try, and serves a model arm's own draw", () => {
    const rng = createRng(9)
    const seen = new Set<string>()
    for (let i = 0; i < 200; i++) {
      const c = armChoice({ key: "random", kind: "random", weight: 0.5 }, agent, rng, ["popular", "low_price"])
      expect(c).toMatchObject({ explored: true, propensity: 0.5 })
      seen.add(c.strategy)
    }
    expect([...seen].sort()).toEqual(["low_price", "popular"])
    // nothing it may try: uniform over all six
    expect(armChoice({ key: "random", kind: "random", weight: 0.5 }, agent, rng, []).propensity).toBeCloseTo(1 / 6, 12)
    const model: PolicyChoice = { strategy: "high_price", explored: false, propensity: 0.95, q: {} as any, greedy: ["high_price"] }
    const arm = { key: "v2", kind: "model", snapshot_id: "rlsnap_1", epsilon: null, weight: 0.5 } as const
    expect(armChoice(arm, agent, rng, undefined, model)).toBe(model)
    expect(() => armChoice(arm, agent, rng)).toThrow(/model's choice was not drawn/)
  })
})

describe("armsError", () => {
  it("accepts 2–4 arms with unique keys and weights summing to 1, and says what is wrong otherwise", () => {
    expect(armsError(ARMS)).toBeNull()
    expect(armsError([ARMS[0]])).toMatch(/2 to 4 arms/)
    expect(armsError([ARMS[0], { ...ARMS[1], key: "agent" }])).toMatch(/unique/)
    expect(armsError([ARMS[0], { ...ARMS[1], weight: 0.3 }])).toMatch(/sum to 1, got 1.1/)
    expect(armsError([ARMS[0], { ...ARMS[1], weight: 0 }])).toMatch(/within \(0, 1\]/)
  })
})

describe("compareArms (asymptotic confidence sequence)", () => {
  it("matches a hand computation", () => {
    // control: 5000 decisions, 250 conversions; treatment: 5000 decisions, 400 conversions
    const a = { label: "A", n: 5000, sum: 250, sumSquares: 250 }
    const b = { label: "B", n: 5000, sum: 400, sumSquares: 400 }
    expect(sampleVariance(a)).toBeCloseTo((250 - 12.5) / 4999, 12)
    const c = compareArms(a, b, "conversion")
    const se = Math.sqrt((250 - 12.5) / 4999 / 5000 + (400 - 32) / 4999 / 5000)
    // ρ² = (−2 ln 0.05 + ln(1 − 2 ln 0.05)) / 10,000; at n = 10,000: v = nρ² = 7.936
    const rho2 = (-2 * Math.log(0.05) + Math.log(1 - 2 * Math.log(0.05))) / 10_000
    const v = 10_000 * rho2
    expect(v).toBeCloseTo(7.936, 3)
    const half = se * Math.sqrt(((2 * (v + 1)) / v) * Math.log(Math.sqrt(v + 1) / 0.05))
    expect(c.difference).toBeCloseTo(0.03, 12)
    expect(c.ci95![0]).toBeCloseTo(0.03 - half, 12)
    expect(half / se).toBeCloseTo(3.035, 2) // wider than a fixed-horizon 1.96: the price of looking at any time
    expect(c.verdict).toBe("better")
    expect(c.lift).toBeCloseTo(0.6, 12)
    expect(c.summary).toBe("B beats A on conversion rate: the 95% interval of the difference is above zero.")
  })

  it("says no clear difference when the interval holds zero, and not enough data below the minimum", () => {
    const a = { label: "A", n: 1000, sum: 50, sumSquares: 50 }
    expect(compareArms(a, { label: "B", n: 1000, sum: 80, sumSquares: 80 }, "conversion").verdict).toBe("no_clear_difference")
    const small = compareArms({ label: "A", n: 100, sum: 5, sumSquares: 5 }, { label: "B", n: 120, sum: 30, sumSquares: 30 }, "conversion")
    expect(small.verdict).toBe("not_enough_data")
    expect(small.summary).toMatch(/100 more decisions in the smaller arm/)
    expect(small.ci95).not.toBeNull()
    expect(compareArms({ label: "A", n: 0, sum: 0, sumSquares: 0 }, a, "revenue").ci95).toBeNull()
  })

  it("is narrowest relative to its own scale near the decisions it is tuned for, and grows only like √log n beyond", () => {
    const ratio = (n: number) => confidenceSequenceHalfWidth(1, n)
    expect(ratio(10_000)).toBeLessThan(ratio(1_000))
    expect(ratio(1_000_000) / ratio(10_000)).toBeLessThan(1.6)
  })
})
