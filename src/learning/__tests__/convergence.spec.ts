import { describe, expect, it } from "vitest"
import { ConvergenceRecorder, readConvergence, type ConvergenceDay } from "../convergence"

const day = (i: number, delta: number, share: number, o: Partial<ConvergenceDay> = {}): ConvergenceDay => ({
  day: `2026-01-${String(10 + i).padStart(2, "0")}`,
  model_version: 1,
  decisions: 500,
  updates: 200,
  mean_abs_delta_q: delta,
  q_variance: 0.001,
  states_compared: 100,
  greedy_changed_share: share,
  exploration_rate: 0.1,
  epsilon: 0.1,
  rewards: 300,
  reward_mean: 0.2,
  reward_variance: 0.3,
  ...o,
})

describe("readConvergence", () => {
  it("says there is not enough data below the minimum updates or returning states", () => {
    expect(readConvergence([]).verdict).toBe("not_enough_data")
    expect(readConvergence([day(0, 0.01, 0.05, { updates: 29 })]).verdict).toBe("not_enough_data")
    expect(readConvergence([day(0, 0.01, 0.05, { states_compared: 9 })]).verdict).toBe("not_enough_data")
  })

  it("reads a stable policy with shrinking updates as settling", () => {
    const r = readConvergence([day(0, 0.04, 0.2), day(1, 0.03, 0.08), day(2, 0.02, 0.06), day(3, 0.015, 0.05)])
    expect(r.verdict).toBe("settling")
    expect(r.text).toMatch(/95% of returning states kept their strategy on 2026-01-13/)
  })

  it("reads a policy still switching, or updates growing, as still moving", () => {
    expect(readConvergence([day(0, 0.05, 0.4), day(1, 0.05, 0.25)]).verdict).toBe("still_moving")
    // stable policy but |ΔQ| up 1.5× against the days before
    const growing = readConvergence([day(0, 0.02, 0.05), day(1, 0.02, 0.05), day(2, 0.03, 0.05)])
    expect(growing.verdict).toBe("still_moving")
    expect(growing.text).toMatch(/growing/)
  })

  it("reads a jump after stable days as drifting after a change", () => {
    const switched = readConvergence([day(0, 0.02, 0.05), day(1, 0.02, 0.06), day(2, 0.02, 0.4)])
    expect(switched.verdict).toBe("drifting")
    expect(switched.text).toMatch(/40% of returning states switched/)
    const jumped = readConvergence([day(0, 0.02, 0.05), day(1, 0.02, 0.05), day(2, 0.05, 0.08)])
    expect(jumped.verdict).toBe("drifting")
    expect(jumped.text).toMatch(/grew 2\.5×/)
  })

  it("ignores thin days when comparing", () => {
    const r = readConvergence([day(0, 0.02, 0.05), day(1, 5, 0.9, { updates: 3 }), day(2, 0.02, 0.05)])
    expect(r.verdict).toBe("settling")
  })
})

describe("ConvergenceRecorder (the offline replay's record)", () => {
  it("gives the figures the store's rollup gives for the same decisions and updates", () => {
    // the module test's scenario (integration-tests/modules/rl-agent-module.spec.ts, "convergence")
    const at = (day: number, minutes = 0) => Date.UTC(2026, 0, 10 + day, 12, minutes)
    const r = new ConvergenceRecorder()
    r.decision(at(0), "A", { popular: 0.5, low_price: 0.1 }, false, 0.2)
    r.decision(at(0), "B", { low_price: 0.3, popular: 0.1 }, true, 0.2)
    r.update(at(0, 1), "A|popular", 0.5, 0.55)
    r.reward(at(0, 1), 0.5)
    r.update(at(0, 2), "A|popular", 0.55, 0.6)
    r.reward(at(0, 2), 0.5)
    r.decision(at(1), "A", { popular: 0.6, low_price: 0.1 }, false, 0.2)
    r.decision(at(1), "B", { low_price: 0.3, popular: 0.4 }, false, 0.2)
    r.decision(at(1), "C", { high_price: 0.2 }, true, 0.2)
    r.update(at(1, 1), "A|popular", 0.6, 0.7)
    r.reward(at(1, 1), 1)
    const [d1, d2] = r.result(3)
    expect(d1).toMatchObject({ day: "2026-01-10", model_version: 3, decisions: 2, updates: 2, states_compared: 0, greedy_changed_share: null, rewards: 2 })
    expect(d1.mean_abs_delta_q).toBeCloseTo(0.05, 12)
    expect(d1.q_variance).toBeCloseTo(0.000625, 12)
    expect(d1.exploration_rate).toBe(0.5)
    expect(d1.reward_variance).toBeCloseTo(0, 12)
    expect(d2).toMatchObject({ day: "2026-01-11", decisions: 3, updates: 1, states_compared: 2, greedy_changed_share: 0.5, rewards: 1, reward_variance: null })
    expect(d2.mean_abs_delta_q).toBeCloseTo(0.1, 12)
    expect(d2.q_variance).toBeCloseTo(0.011667 / 3, 5)
    expect(d2.exploration_rate).toBeCloseTo(1 / 3, 12)
  })

  it("compares a state's strategy only with a decision of the trailing week", () => {
    const r = new ConvergenceRecorder()
    const at = (day: number) => Date.UTC(2026, 0, 1 + day, 12)
    r.decision(at(0), "A", { popular: 1 }, false, 0.1)
    r.decision(at(8), "A", { low_price: 1 }, false, 0.1) // 8 days on: not compared
    r.decision(at(9), "A", { popular: 1 }, false, 0.1)
    const days = r.result()
    expect(days.map((d) => [d.states_compared, d.greedy_changed_share])).toEqual([[0, null], [0, null], [1, 1]])
  })
})
