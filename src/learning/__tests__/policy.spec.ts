import { describe, expect, it } from "vitest"
import { createRng } from "../rng"
import {
  explainChoice,
  decayEpsilon,
  epsilonAfter,
  fillQ,
  greedySet,
  policyProbabilities,
  selectStrategy,
} from "../policy"
import { STRATEGIES, type Strategy } from "../strategies"

describe("epsilon-greedy policy", () => {
  it("fills unseen strategies with Q = 0", () => {
    expect(fillQ({ popular: 0.4 })).toEqual({
      low_price: 0,
      medium_price: 0,
      high_price: 0,
      category_match: 0,
      popular: 0.4,
      personalized: 0,
    })
  })

  it("gives the greedy strategy 1−ε+ε/6 and the others ε/6", () => {
    const probs = policyProbabilities(fillQ({ popular: 1 }), 0.1)
    expect(probs.popular).toBeCloseTo(1 - 0.1 + 0.1 / 6, 12)
    for (const s of STRATEGIES.filter((s) => s !== "popular")) {
      expect(probs[s]).toBeCloseTo(0.1 / 6, 12)
    }
    const total = Object.values(probs).reduce((a, b) => a + b, 0)
    expect(total).toBeCloseTo(1, 12)
  })

  it("splits the greedy mass between tied strategies", () => {
    const q = fillQ({ popular: 1, personalized: 1 })
    expect(greedySet(q)).toEqual(["popular", "personalized"])
    const probs = policyProbabilities(q, 0.3)
    expect(probs.popular).toBeCloseTo(0.7 / 2 + 0.3 / 6, 12)
    expect(probs.personalized).toBeCloseTo(0.7 / 2 + 0.3 / 6, 12)
    expect(probs.low_price).toBeCloseTo(0.3 / 6, 12)
  })

  it("with an empty table every strategy is tied: propensity 1/6 whatever ε", () => {
    const choice = selectStrategy({}, 0.1, createRng(7))
    expect(choice.propensity).toBeCloseTo(1 / 6, 12)
  })

  it("is reproducible with a seed and returns Q of every strategy", () => {
    const q = { high_price: 0.2, popular: 0.5 }
    const a = Array.from({ length: 50 }, (_, i) => selectStrategy(q, 0.5, createRng(i)).strategy)
    const b = Array.from({ length: 50 }, (_, i) => selectStrategy(q, 0.5, createRng(i)).strategy)
    expect(a).toEqual(b)
    expect(Object.keys(selectStrategy(q, 0.5, createRng(1)).q).sort()).toEqual([...STRATEGIES].sort())
  })

  it("explores at rate ε and otherwise plays greedy", () => {
    const rng = createRng(42)
    const n = 20_000
    let explored = 0
    let greedy = 0
    for (let i = 0; i < n; i++) {
      const c = selectStrategy({ popular: 1 }, 0.2, rng)
      if (c.explored) explored++
      if (c.strategy === "popular") greedy++
      if (!c.explored) expect(c.strategy).toBe("popular")
      expect(c.propensity).toBeCloseTo(c.strategy === "popular" ? 0.8 + 0.2 / 6 : 0.2 / 6, 12)
    }
    expect(explored / n).toBeGreaterThan(0.19)
    expect(explored / n).toBeLessThan(0.21)
    // empirical frequency of the greedy arm matches its propensity
    expect(greedy / n).toBeCloseTo(0.8 + 0.2 / 6, 1)
  })

  it("rejects ε outside [0, 1]", () => {
    expect(() => selectStrategy({}, 1.5, createRng(1))).toThrow(/epsilon/)
    expect(() => selectStrategy({}, Number.NaN, createRng(1))).toThrow(/epsilon/)
  })

  it("decays ε multiplicatively to its floor", () => {
    const schedule = { floor: 0.01, decay: 0.5 }
    expect(decayEpsilon(0.1, schedule)).toBeCloseTo(0.05, 12)
    expect(decayEpsilon(0.015, schedule)).toBe(0.01)
    expect(epsilonAfter(0.1, 2, schedule)).toBeCloseTo(0.025, 12)
    expect(epsilonAfter(0.1, 100, schedule)).toBe(0.01)
  })
})

describe("explainChoice", () => {
  it("says greedy or explored, with the propensity", async () => {
    const greedy = selectStrategy({ popular: 1 }, 0, () => 0.5)
    expect(explainChoice(greedy, 0)).toMatch(/^Greedy: popular has the highest Q value .*1\.0000.*propensity 1\.000/)
    const explored = selectStrategy({ popular: 1 }, 1, () => 0)
    expect(explainChoice(explored, 1)).toMatch(/^Explored: .*ε = 1\.000.*drew low_price.*propensity 0\.167/)
  })
})

describe("exploration guard rail", () => {
  const q = { popular: 2, personalized: 1 }
  const allowed: Strategy[] = ["category_match", "low_price"]

  it("explores only into the allowed strategies, and each logged propensity is the exact probability of what was drawn", () => {
    const rng = createRng(11)
    const counts: Record<string, number> = {}
    const n = 60_000
    for (let i = 0; i < n; i++) {
      const c = selectStrategy(q, 0.3, rng, allowed)
      counts[c.strategy] = (counts[c.strategy] ?? 0) + 1
      expect(c.propensity).toBeCloseTo(policyProbabilities(fillQ(q), 0.3, allowed)[c.strategy], 12)
      if (c.explored) expect(allowed).toContain(c.strategy)
    }
    const p = policyProbabilities(fillQ(q), 0.3, allowed)
    // greedy popular 0.7, each allowed 0.15, the rest never
    expect(p).toEqual({ low_price: 0.15, medium_price: 0, high_price: 0, category_match: 0.15, popular: 0.7, personalized: 0 })
    for (const s of Object.keys(p) as Strategy[]) expect(Math.abs((counts[s] ?? 0) / n - p[s])).toBeLessThan(0.01)
    expect(counts.personalized ?? 0).toBe(0)
  })

  it("keeps the default draw sequence when every strategy is allowed, and turns exploration off when none is", () => {
    const a = createRng(5)
    const b = createRng(5)
    for (let i = 0; i < 200; i++) expect(selectStrategy(q, 0.4, a)).toEqual(selectStrategy(q, 0.4, b, STRATEGIES))
    const none = selectStrategy(q, 1, createRng(1), [])
    expect(none).toMatchObject({ strategy: "popular", explored: false, propensity: 1 })
  })
})
