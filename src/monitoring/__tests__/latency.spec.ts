import { describe, expect, it } from "vitest"
import { LATENCY_BUCKETS_S, LatencyHistogram } from "../latency"

describe("LatencyHistogram", () => {
  it("counts each observation in its bucket and exposes cumulative counts", () => {
    const h = new LatencyHistogram()
    for (const s of [0.004, 0.005, 0.03, 0.12, 20]) h.observe(s)
    expect(h.count).toBe(5)
    expect(h.sum).toBeCloseTo(20.159, 9)
    const c = h.cumulative()
    expect(c[0]).toEqual({ le: "0.005", count: 2 }) // a bound is inclusive
    expect(c.find((b) => b.le === "0.05")!.count).toBe(3)
    expect(c.find((b) => b.le === "0.15")!.count).toBe(4)
    expect(c[c.length - 1]).toEqual({ le: "+Inf", count: 5 })
    expect(c).toHaveLength(LATENCY_BUCKETS_S.length + 1)
  })

  it("reads quantiles by interpolating within the bucket, like histogram_quantile", () => {
    const h = new LatencyHistogram()
    for (let i = 0; i < 100; i++) h.observe(0.06) // all in (0.05, 0.075]
    expect(h.quantile(0.5)).toBeCloseTo(0.0625, 9)
    expect(h.quantile(0.95)).toBeCloseTo(0.05 + 0.025 * 0.95, 9)
    for (let i = 0; i < 100; i++) h.observe(0.4) // (0.3, 0.5]
    expect(h.quantile(0.95)).toBeCloseTo(0.3 + 0.2 * 0.9, 9)
    expect(new LatencyHistogram().quantile(0.95)).toBeNull()
  })

  it("merges another histogram", () => {
    const a = new LatencyHistogram()
    const b = new LatencyHistogram()
    a.observe(0.01)
    b.observe(1)
    a.merge(b)
    expect(a.count).toBe(2)
    expect(a.quantile(1)).toBe(1)
  })
})
