import { describe, expect, it } from "vitest"
import {
  DEFAULT_STATE_MODEL,
  binIndex,
  dayPart,
  emptyContext,
  fitPercentileEdges,
  fitStateModel,
  sameStateModel,
  stateKey,
  weekPart,
} from "../state"

describe("state discretisation", () => {
  it("bins by upper-exclusive edges", () => {
    const edges = [10, 20, 30]
    expect(binIndex(-1, edges)).toBe(0)
    expect(binIndex(9.99, edges)).toBe(0)
    expect(binIndex(10, edges)).toBe(1)
    expect(binIndex(29.99, edges)).toBe(2)
    expect(binIndex(30, edges)).toBe(3)
    expect(binIndex(1e9, edges)).toBe(3)
    expect(binIndex(Number.NaN, edges)).toBe(0)
  })

  it("fits percentile edges and drops duplicates", () => {
    const values = Array.from({ length: 101 }, (_, i) => i) // 0..100
    expect(fitPercentileEdges(values, 4)).toEqual([25, 50, 75])
    // heavily skewed: most values equal → fewer distinct edges
    expect(fitPercentileEdges([1, 1, 1, 1, 1, 1, 1, 1, 1, 100], 4)).toEqual([1])
    expect(fitPercentileEdges([], 4)).toEqual([])
  })

  it("fits a state model from samples and keeps it serialisable", () => {
    const samples = Array.from({ length: 100 }, (_, i) => ({
      cartTotal: i,
      itemCount: i % 10,
      secondsInSession: i * 10,
      priceSensitivity: i / 100,
      engagementLevel: (100 - i) / 100,
    }))
    const model = fitStateModel(samples, { cartTotal: 4 })
    expect(model.edges.cartTotal).toEqual([24.75, 49.5, 74.25])
    expect(JSON.parse(JSON.stringify(model))).toEqual(model)
  })

  it("groups time into periods", () => {
    expect([0, 5, 6, 11, 12, 17, 18, 23].map(dayPart)).toEqual([
      "night", "night", "morning", "morning", "afternoon", "afternoon", "evening", "evening",
    ])
    expect([0, 1, 5, 6].map(weekPart)).toEqual(["weekend", "weekday", "weekday", "weekend"])
  })

  it("keys on generalisable features only: customer and session ids do not change the key", () => {
    const a = emptyContext({ cartTotal: 35, itemCount: 2, country: "GB", device: "mobile", customerId: "cus_1", sessionId: "s1" })
    const b = { ...a, customerId: "cus_2", sessionId: "s2" }
    expect(stateKey(a)).toBe(stateKey(b))
    expect(stateKey(a)).toBe("ct2|ic1|ts0|ps1|en0|cat:none|afternoon|weekday|co:gb|dv:mobile")
    expect(stateKey({ ...a, country: "BR" })).toContain("co:other")
    expect(stateKey({ ...a, device: null })).toContain("dv:unknown")
  })

  it("encodes known categories directly and others as 'other'", () => {
    const model = { ...DEFAULT_STATE_MODEL, categories: ["christmas", "kitchen"] }
    expect(stateKey(emptyContext({ categoryPreference: "kitchen" }), model)).toContain("cat:kitchen")
    expect(stateKey(emptyContext({ categoryPreference: "garden" }), model)).toContain("cat:other")
  })
})

import { engagementLevel, mostFrequent, priceSensitivity } from "../profile"

describe("customer profile features", () => {
  const now = new Date("2011-12-01T00:00:00Z")
  it("price sensitivity is the low-band share of units, 0.5 when unknown", () => {
    expect(priceSensitivity({ orders: 2, units: 10, lowBandUnits: 7, lastPurchaseAt: now })).toBeCloseTo(0.7, 12)
    expect(priceSensitivity({ orders: 0, units: 0, lowBandUnits: 0, lastPurchaseAt: null })).toBe(0.5)
  })
  it("engagement saturates with frequency and halves every 90 days", () => {
    const s = { orders: 20, units: 100, lowBandUnits: 0, lastPurchaseAt: now }
    expect(engagementLevel(s, now)).toBeCloseTo(1, 12)
    expect(engagementLevel({ ...s, lastPurchaseAt: new Date(now.getTime() - 90 * 86_400_000) }, now)).toBeCloseTo(0.5, 12)
    expect(engagementLevel({ ...s, orders: 1 }, now)).toBeCloseTo(Math.log(2) / Math.log(21), 12)
    expect(engagementLevel({ ...s, orders: 0, lastPurchaseAt: null }, now)).toBe(0)
  })
  it("picks the most frequent value", () => {
    expect(mostFrequent(["a", "b", "b", "a", "b"])).toBe("b")
    expect(mostFrequent([])).toBeNull()
  })
})

describe("sameStateModel", () => {
  it("tells whether two state models key every context alike", () => {
    expect(sameStateModel(DEFAULT_STATE_MODEL, JSON.parse(JSON.stringify(DEFAULT_STATE_MODEL)))).toBe(true)
    expect(sameStateModel(DEFAULT_STATE_MODEL, { ...DEFAULT_STATE_MODEL, edges: { ...DEFAULT_STATE_MODEL.edges, itemCount: [1, 3, 9] } })).toBe(false)
    expect(sameStateModel(DEFAULT_STATE_MODEL, { ...DEFAULT_STATE_MODEL, categories: ["kitchen"] })).toBe(false)
  })
})
