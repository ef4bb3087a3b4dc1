import { describe, expect, it } from "vitest"
import { readConvergence, type ConvergenceDay } from "../convergence"

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
