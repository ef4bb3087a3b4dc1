import { describe, expect, it } from "vitest"
import { createRng } from "../../learning/rng"
import { ReplayAgent } from "../agent"
import { pairedBootstrap } from "../bootstrap"
import { crossFittedModels, meanRewardModel, offPolicyEstimates, type LoggedDecision } from "../ope"
import { STRATEGIES, type Strategy } from "../../learning/strategies"
import { policyProbabilities } from "../../learning/policy"
import { priorAwareUpdate } from "../../learning/update"

const settings = { alpha: 0.5, gamma: 0.9, epsilon: 0, epsilonMin: 0, epsilonDecay: 1, retentionDays: 7, prior: true }
const DAY = 86_400_000

describe("ReplayAgent", () => {
  it("bootstraps from the customer's next state within the window, ends the episode after it", () => {
    const a = new ReplayAgent(settings)
    const rng = createRng(1)
    a.act("c1", "s1", 0, rng)
    a.reward("c1", "s1", "popular", 1, 0)
    expect(a.values("s1").popular).toBe(0) // not learnt until the next state is known
    a.act("c1", "s2", 2 * DAY, rng) // s2 is the next state: Q(s2) reads the prior, still 0
    expect(a.values("s1").popular).toBeCloseTo(0.5 * 1, 12)
    a.reward("c1", "s2", "personalized", 2, 2 * DAY)
    // nobody comes back within 7 days: terminal
    a.act("c2", "s9", 20 * DAY, rng)
    // the cell s2 started from the prior of personalized (0) and learnt r alone
    expect(a.values("s2").personalized).toBeCloseTo(0.5 * 2, 12)
  })

  it("applies the shared prior-aware update rule: a new cell from the prior, s' with untried strategies at the prior", () => {
    const a = new ReplayAgent({ ...settings, gamma: 0.9 })
    const rng = createRng(2)
    // teach the prior: popular 0.5 (from s0, terminal)
    a.reward("c0", "s0", "popular", 1, 0)
    a.flush()
    // c1 in s1 tries popular (new cell: starts from the prior), then comes back in s2, where nothing was tried
    a.act("c1", "s1", DAY, rng)
    a.reward("c1", "s1", "popular", 0.4, DAY)
    const before = { state: { cell: {}, prior: { popular: a.values("zz").popular } }, next: { cell: {}, prior: { popular: a.values("zz").popular } } }
    a.act("c1", "s2", 2 * DAY, rng)
    const u = priorAwareUpdate(before.state, "popular", 0.4, before.next, 0.5, 0.9, false)
    expect(a.values("s1").popular).toBeCloseTo(u.q, 12)
    expect(a.values("zz").popular).toBeCloseTo(u.prior, 12)
    // the target read s2's untried popular at the prior: 0.4 + 0.9 × 0.5
    expect(u.target).toBeCloseTo(0.4 + 0.9 * 0.5, 12)
  })

  it("reads an untried strategy at its prior, and a bandit learns at once", () => {
    const b = new ReplayAgent({ ...settings, gamma: 0 })
    b.reward("c1", "s1", "popular", 1, 0)
    expect(b.values("s1").popular).toBeCloseTo(0.5, 12)
    expect(b.values("other").popular).toBeCloseTo(0.5, 12) // the prior row learnt too
    const noPrior = new ReplayAgent({ ...settings, gamma: 0, prior: false })
    noPrior.reward("c1", "s1", "popular", 1, 0)
    expect(noPrior.values("other").popular).toBe(0)
    // the saved model carries the prior as the store's "*" row; without a prior there is none
    expect(b.rows()).toEqual([
      { state_key: "s1", strategy: "popular", value: 0.5, visits: 1 },
      { state_key: "*", strategy: "popular", value: 0.5, visits: 1 },
    ])
    expect(noPrior.rows()).toEqual([{ state_key: "s1", strategy: "popular", value: 0.5, visits: 1 }])
  })
})

describe("pairedBootstrap", () => {
  it("centres on the difference and excludes zero only when the difference is real", () => {
    const rng = createRng(3)
    const real = Array.from({ length: 400 }, () => ({ a: 0.6 + rng() * 0.1, b: 0.5 + rng() * 0.1, n: 1 }))
    const r = pairedBootstrap(real, 1000)
    expect(r.diff).toBeGreaterThan(0.09)
    expect(r.lo).toBeGreaterThan(0)
    expect(r.lo).toBeLessThan(r.diff)
    expect(r.hi).toBeGreaterThan(r.diff)
    const none = Array.from({ length: 400 }, () => {
      const x = rng()
      return { a: x, b: x + (rng() - 0.5) * 0.1, n: 1 }
    })
    const z = pairedBootstrap(none, 1000)
    expect(z.lo).toBeLessThan(0)
    expect(z.hi).toBeGreaterThan(0)
  })
})

describe("off-policy estimates", () => {
  // a synthetic world: 4 states, the expected reward of each strategy known
  const states = ["s0", "s1", "s2", "s3"]
  const mean = (s: string, a: Strategy) => (STRATEGIES.indexOf(a) + 1) * 0.1 + (s === "s2" && a === "low_price" ? 0.8 : 0)
  const logging = (s: string) => policyProbabilities(
    Object.fromEntries(STRATEGIES.map((a) => [a, a === "popular" ? 1 : 0])) as any,
    0.3
  )
  function makeLog(n: number, seed: number): LoggedDecision[] {
    const rng = createRng(seed)
    return Array.from({ length: n }, () => {
      const s = states[Math.floor(rng() * states.length)]
      const p = logging(s)
      let u = rng()
      let a: Strategy = STRATEGIES[STRATEGIES.length - 1]
      for (const x of STRATEGIES) {
        if ((u -= p[x]) <= 0) {
          a = x
          break
        }
      }
      return { stateKey: s, action: a, propensity: p[a], reward: mean(s, a) + (rng() - 0.5) * 0.4 }
    })
  }
  // the candidate: personalized everywhere except low_price in s2
  const target = (s: string) =>
    Object.fromEntries(STRATEGIES.map((a) => [a, (s === "s2" ? a === "low_price" : a === "personalized") ? 1 : 0])) as Record<Strategy, number>
  const truth = states.reduce((v, s) => v + (s === "s2" ? mean(s, "low_price") : mean(s, "personalized")), 0) / states.length

  it("recover the candidate's known value within their intervals", () => {
    const r = offPolicyEstimates(makeLog(20_000, 11), target, undefined, 300)
    for (const e of [r.ips, r.snips, r.dr]) {
      expect(e.lo).toBeLessThanOrEqual(truth)
      expect(e.hi).toBeGreaterThanOrEqual(truth)
      expect(Math.abs(e.value - truth)).toBeLessThan(0.05)
    }
    expect(r.n).toBe(20_000)
    // weights are 1/0.05 on the 5% of decisions the candidate agrees with: ESS far below n
    expect(r.effective_sample_size).toBeGreaterThan(500)
    expect(r.effective_sample_size).toBeLessThan(3000)
    expect(r.max_weight).toBeCloseTo(1 / 0.05, 9)
    // the logging policy's own value is what it logged
    const onPolicy = offPolicyEstimates(makeLog(5000, 12), logging, undefined, 200)
    expect(onPolicy.ips.value).toBeCloseTo(onPolicy.logged_value, 9)
    expect(onPolicy.effective_sample_size).toBeCloseTo(5000, 6)
  })

  it("score each decision's doubly-robust term with a reward model fitted on the other folds, never on itself", () => {
    // ten decisions in one cell, rewards 0..9: the model for decision i is the mean of the others' folds
    const log: LoggedDecision[] = Array.from({ length: 10 }, (_, i) => ({ stateKey: "s", action: "popular", propensity: 1, reward: i }))
    const models = crossFittedModels(log, 5)
    for (let i = 0; i < 10; i++) {
      const others = log.filter((_, j) => j % 5 !== i % 5).map((d) => d.reward)
      expect(models(i)("s", "popular")).toBeCloseTo(others.reduce((a, b) => a + b, 0) / others.length, 12)
    }
    // a lucky conversion in a rarely logged cell: fitted in-sample, the corrections cancel in the cell and DR
    // is exactly the model's cell mean (one in five); the IPS term never depends on the model
    const rare: LoggedDecision[] = [
      ...Array.from({ length: 95 }, (_, i) => ({ stateKey: "s", action: "popular" as Strategy, propensity: 0.95, reward: i % 10 === 0 ? 1 : 0 })),
      ...Array.from({ length: 5 }, (_, i) => ({ stateKey: "s", action: "high_price" as Strategy, propensity: 0.05, reward: i === 0 ? 1 : 0 })),
    ]
    const favoursRare = () => Object.fromEntries(STRATEGIES.map((a) => [a, a === "high_price" ? 1 : 0])) as Record<Strategy, number>
    expect(offPolicyEstimates(rare, favoursRare, meanRewardModel(rare), 200).dr.value).toBeCloseTo(0.2, 12)
    expect(offPolicyEstimates(rare, favoursRare, undefined, 200).ips.value).toBeCloseTo(1 / 0.05 / 100, 12)
  })

  it("refuses a propensity outside (0, 1]", () => {
    expect(() => offPolicyEstimates([{ stateKey: "s", action: "popular", propensity: 0, reward: 1 }], target)).toThrow(/propensity/)
  })
})

describe("the committed model (reports/model.json)", () => {
  it("carries the prior rows the store reads for unseen states", async () => {
    const { readFileSync } = await import("fs")
    const path = await import("path")
    const model = JSON.parse(readFileSync(path.resolve(__dirname, "../../../reports/model.json"), "utf8"))
    const prior = model.rows.filter((r: { state_key: string }) => r.state_key === "*")
    expect(prior.map((r: { strategy: string }) => r.strategy).sort()).toEqual([...STRATEGIES].sort())
    expect(Math.max(...prior.map((r: { value: number }) => r.value))).toBeGreaterThan(0)
  })
})
