import { describe, expect, it } from "vitest"
import { offPolicyEstimates, type LoggedDecision } from "../ope"
import { promotionVerdict } from "../promotion"
import { STRATEGIES, type Strategy } from "../../learning/strategies"

/** A uniform logging policy in one state; only `popular` pays. */
const log: LoggedDecision[] = Array.from({ length: 600 }, (_, i) => {
  const action = STRATEGIES[i % 6]
  return { stateKey: "s", action, propensity: 1 / 6, reward: action === "popular" ? 1 : 0 }
})
const greedyOn = (best: Strategy) => () => Object.fromEntries(STRATEGIES.map((a) => [a, a === best ? 0.9 + 0.1 / 6 : 0.1 / 6])) as Record<Strategy, number>

describe("promotionVerdict", () => {
  it("allows a candidate whose lower bound beats the current value, and says why", () => {
    const v = promotionVerdict(offPolicyEstimates(log, greedyOn("popular")))
    expect(v.current).toBeCloseTo(1 / 6, 12)
    expect(v.candidate.value).toBeCloseTo(0.9 + 0.1 / 6, 6)
    expect(v.allowed).toBe(true)
    expect(v.reason).toMatch(/^The candidate's value is at least 0\.\d{4} per decision/)
  })

  it("refuses one that does not beat it, one not sure enough, and one on too few decisions", () => {
    const worse = promotionVerdict(offPolicyEstimates(log, greedyOn("low_price")))
    expect(worse.allowed).toBe(false)
    expect(worse.reason).toMatch(/^The candidate does not beat the current policy/)
    // a candidate barely above the current value on a noisy log (popular pays half the time, the others 40%):
    // its estimate is above, its interval reaches below
    const noisy: LoggedDecision[] = Array.from({ length: 600 }, (_, i) => {
      const action = STRATEGIES[i % 6]
      const k = Math.floor(i / 6) % 10
      return { stateKey: "s", action, propensity: 1 / 6, reward: (action === "popular" ? k < 5 : k < 4) ? 1 : 0 }
    })
    const slight = () => Object.fromEntries(STRATEGIES.map((a) => [a, a === "popular" ? 0.2 : 0.16])) as Record<Strategy, number>
    const close = promotionVerdict(offPolicyEstimates(noisy, slight))
    expect(close.candidate.value).toBeGreaterThan(close.current)
    expect(close.allowed).toBe(false)
    expect(close.reason).toMatch(/^Not sure enough/)
    expect(promotionVerdict(offPolicyEstimates(log.slice(0, 60), greedyOn("popular"))).reason).toMatch(/60 of the 100 needed/)
  })
})
