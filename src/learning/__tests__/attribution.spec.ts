import { describe, expect, it } from "vitest"
import {
  clawbackForCancel,
  clawbackForReturn,
  conversionFromOrder,
  engagementFromCart,
  type DecisionRef,
} from "../attribution"
import { DEFAULT_REWARD_WEIGHTS, revenueReward } from "../reward"

const t0 = new Date("2026-01-01T10:00:00Z")
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000)
const d1: DecisionRef = { id: "d1", created_at: t0, product_ids: ["a", "b"] }
const d2: DecisionRef = { id: "d2", created_at: at(20), product_ids: ["b", "c"] }

describe("engagementFromCart", () => {
  it("credits recommended products added within the window, once per (decision, product)", () => {
    const lines = [
      { product_id: "a", quantity: 1, created_at: at(5) },
      { product_id: "b", quantity: 2, created_at: at(25) },
      { product_id: "c", quantity: 1, created_at: at(10) }, // before d2
      { product_id: "z", quantity: 1, created_at: at(6) }, // never recommended
    ]
    const intents = engagementFromCart([d1, d2], lines, 30 * 60_000)
    expect(intents.map((i) => `${i.decision_id}:${i.product_id}`).sort()).toEqual(["d1:a", "d1:b", "d2:b"])
    expect(intents.every((i) => i.source_event_id === `add_to_cart:${i.product_id}`)).toBe(true)
    // window closed: nothing for d1 after 30 min
    expect(engagementFromCart([d1], [{ product_id: "a", quantity: 1, created_at: at(31) }], 30 * 60_000)).toEqual([])
  })
})

describe("conversionFromOrder", () => {
  it("credits decisions whose recommended products were bought within the window, with their revenue", () => {
    const lines = [
      { product_id: "b", quantity: 2, unit_price: 10 },
      { product_id: "x", quantity: 1, unit_price: 99 },
    ]
    const intents = conversionFromOrder([d1, d2], lines, "order_1", at(60), 24 * 3600_000)
    expect(intents).toEqual([
      { decision_id: "d1", kind: "conversion", source_event_id: "order|order_1", terminal: true },
      { decision_id: "d1", kind: "revenue", source_event_id: "order|order_1", revenue: 20, terminal: true },
      { decision_id: "d2", kind: "conversion", source_event_id: "order|order_1", terminal: true },
      { decision_id: "d2", kind: "revenue", source_event_id: "order|order_1", revenue: 20, terminal: true },
    ])
    expect(conversionFromOrder([d1], lines, "o", at(25 * 60), 24 * 3600_000)).toEqual([])
    expect(conversionFromOrder([d1], [{ product_id: "x", quantity: 1, unit_price: 5 }], "o", at(1), 3600_000)).toEqual([])
  })
})

describe("claw-backs", () => {
  it("a cancellation takes back exactly what the order earned", () => {
    expect(clawbackForCancel([{ decision_id: "d1", value: 1.4, amount: 50 }], "o1")).toEqual([
      { decision_id: "d1", kind: "clawback", source_event_id: "cancel|o1", value: -1.4, amount: -50, terminal: true },
    ])
  })

  it("a partial return takes back the revenue difference; a full return the conversion too", () => {
    const lines = [
      { product_id: "a", quantity: 2, unit_price: 50 },
      { product_id: "x", quantity: 1, unit_price: 10 },
    ]
    const w = DEFAULT_REWARD_WEIGHTS
    const partial = clawbackForReturn([d1], lines, [{ product_id: "a", quantity: 1 }], "ret_1", w)
    expect(partial).toHaveLength(1)
    expect(partial[0].value).toBeCloseTo(-(revenueReward(100) - revenueReward(50)), 12)
    expect(partial[0].amount).toBe(-50)
    const full = clawbackForReturn([d1], lines, [{ product_id: "a", quantity: 2 }], "ret_2", w)
    expect(full[0].value).toBeCloseTo(-(revenueReward(100) + 1.0), 12)
    // returning a product the decision did not recommend takes nothing back
    expect(clawbackForReturn([d1], lines, [{ product_id: "x", quantity: 1 }], "ret_3", w)).toEqual([])
  })
})
