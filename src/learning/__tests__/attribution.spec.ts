import { describe, expect, it } from "vitest"
import {
  attributeOrder,
  clawbackForCancel,
  clawbackForReturn,
  conversionFromOrder,
  creditedDecision,
  engagementFromCart,
  type DecisionRef,
} from "../attribution"
import { DEFAULT_REWARD_WEIGHTS, revenueReward } from "../reward"

const t0 = new Date("2026-01-01T10:00:00Z")
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000)
const d1: DecisionRef = { id: "d1", created_at: t0, product_ids: ["a", "b"] }
const d2: DecisionRef = { id: "d2", created_at: at(20), product_ids: ["b", "c"] }

describe("the attribution rule", () => {
  it("credits the last decision that recommended the product before it entered the cart, within the window", () => {
    expect(creditedDecision([d1, d2], "b", at(25), 30 * 60_000)?.id).toBe("d2")
    // b entered before d2 was served: d1's
    expect(creditedDecision([d1, d2], "b", at(10), 30 * 60_000)?.id).toBe("d1")
    expect(creditedDecision([d2, d1], "a", at(25), 30 * 60_000)?.id).toBe("d1")
    expect(creditedDecision([d1, d2], "z", at(25), 30 * 60_000)).toBeNull()
    expect(creditedDecision([d1], "a", at(31), 30 * 60_000)).toBeNull()
  })
})

describe("engagementFromCart", () => {
  it("gives each decision one engagement, for the products it is credited with", () => {
    const lines = [
      { product_id: "a", quantity: 1, created_at: at(5) },
      { product_id: "b", quantity: 2, created_at: at(25) },
      { product_id: "c", quantity: 1, created_at: at(10) }, // before d2, and d1 never listed it
      { product_id: "z", quantity: 1, created_at: at(6) }, // never recommended
    ]
    const intents = engagementFromCart([d1, d2], lines, 30 * 60_000)
    expect(intents).toEqual([
      { decision_id: "d1", kind: "engagement", source_event_id: "engagement", product_id: "a" },
      { decision_id: "d2", kind: "engagement", source_event_id: "engagement", product_id: "b" },
    ])
    // two products of one decision: still one engagement
    const both = engagementFromCart([d1], [{ product_id: "a", quantity: 1, created_at: at(1) }, { product_id: "b", quantity: 1, created_at: at(2) }], 30 * 60_000)
    expect(both).toHaveLength(1)
    expect(engagementFromCart([d1], [{ product_id: "a", quantity: 1, created_at: at(31) }], 30 * 60_000)).toEqual([])
  })

  it("30 recommendation calls on one cart, then one add: one decision engaged, not 26", () => {
    const many: DecisionRef[] = Array.from({ length: 30 }, (_, i) => ({
      id: `d${String(i).padStart(2, "0")}`,
      created_at: at(i),
      product_ids: i % 7 === 6 ? ["other"] : ["cheap", "other"], // 26 of the 30 list it
    }))
    const intents = engagementFromCart(many, [{ product_id: "cheap", quantity: 1, created_at: at(30) }], 60 * 60_000)
    expect(intents).toEqual([{ decision_id: "d29", kind: "engagement", source_event_id: "engagement", product_id: "cheap" }])
  })
})

describe("conversionFromOrder", () => {
  const day = 24 * 3600_000
  it("one order is one conversion: revenue to each credited decision, the conversion to the one credited most", () => {
    const lines = [
      { product_id: "a", quantity: 1, unit_price: 30 }, // entered at 5: d1
      { product_id: "b", quantity: 2, unit_price: 10 }, // entered at 25: d2
      { product_id: "x", quantity: 1, unit_price: 99 }, // never recommended
    ]
    const entered = new Map([["a", at(5)], ["b", at(25)], ["x", at(26)]])
    const intents = conversionFromOrder([d1, d2], lines, "order_1", at(60), day, entered)
    expect(intents).toEqual([
      { decision_id: "d1", kind: "conversion", source_event_id: "order|order_1", terminal: true },
      { decision_id: "d1", kind: "revenue", source_event_id: "order|order_1", revenue: 30, terminal: true },
      { decision_id: "d2", kind: "revenue", source_event_id: "order|order_1", revenue: 20, terminal: true },
    ])
    // without the cart's times a product counts as entering when the order was placed
    expect(conversionFromOrder([d1, d2], [lines[1]], "o", at(60), day).map((i) => `${i.decision_id}:${i.kind}`)).toEqual(["d2:conversion", "d2:revenue"])
    expect(conversionFromOrder([d1], lines, "o", at(25 * 60), day)).toEqual([])
  })

  it("the reported scenario: 30 calls on one cart, a £0.42 recommended item bought — one conversion and £0.42, once", () => {
    const many: DecisionRef[] = Array.from({ length: 30 }, (_, i) => ({
      id: `d${String(i).padStart(2, "0")}`,
      created_at: at(i),
      product_ids: i % 7 === 6 ? ["other"] : ["cheap", "other"], // 26 of the 30 list it
    }))
    const intents = conversionFromOrder(many, [{ product_id: "cheap", quantity: 1, unit_price: 0.42 }], "o", at(40), day, new Map([["cheap", at(27.5)]]))
    expect(intents.filter((i) => i.kind === "conversion")).toHaveLength(1)
    // it entered the cart after d27, which did not list it: d26 was the last that did
    expect(intents.filter((i) => i.kind === "revenue").map((i) => [i.decision_id, i.revenue])).toEqual([["d26", 0.42]])
  })

  it("breaks a tie in credited revenue towards the later decision", () => {
    const lines = [{ product_id: "a", quantity: 1, unit_price: 10 }, { product_id: "c", quantity: 1, unit_price: 10 }]
    const r = attributeOrder([d1, d2], lines, new Map([["a", at(5)], ["c", at(21)]]), at(30), day)
    expect([...r.credited.keys()].sort()).toEqual(["d1", "d2"])
    expect(r.converted).toBe("d2")
  })
})

describe("claw-backs", () => {
  it("a cancellation takes back exactly what the order earned", () => {
    expect(clawbackForCancel([{ decision_id: "d1", value: 1.4, amount: 50 }], "o1")).toEqual([
      { decision_id: "d1", kind: "clawback", source_event_id: "cancel|o1", value: -1.4, amount: -50, terminal: true },
    ])
  })

  it("a partial return takes back the revenue difference; a full return the conversion too, from the decision that had it", () => {
    const lines = [
      { product_id: "a", quantity: 2, unit_price: 50 },
      { product_id: "x", quantity: 1, unit_price: 10 },
    ]
    const w = DEFAULT_REWARD_WEIGHTS
    const attribution = attributeOrder([d1], lines, new Map([["a", at(1)]]), at(10), 24 * 3600_000)
    const partial = clawbackForReturn([d1], lines, [{ product_id: "a", quantity: 1 }], "ret_1", w, attribution)
    expect(partial).toHaveLength(1)
    expect(partial[0].value).toBeCloseTo(-(revenueReward(100) - revenueReward(50)), 12)
    expect(partial[0].amount).toBe(-50)
    const full = clawbackForReturn([d1], lines, [{ product_id: "a", quantity: 2 }], "ret_2", w, attribution)
    expect(full[0].value).toBeCloseTo(-(revenueReward(100) + 1.0), 12)
    // returning a product the decision did not recommend takes nothing back
    expect(clawbackForReturn([d1], lines, [{ product_id: "x", quantity: 1 }], "ret_3", w, attribution)).toEqual([])
  })
})
