import { describe, expect, it } from "vitest"
import { STRATEGIES, type Strategy } from "../../learning/strategies"
import type { Basket } from "../dataset"
import { CustomerHistories } from "../knowledge"
import { SegmentTally, largestLead, segmentValues } from "../segments"

const line = (product: string, quantity: number, price: number) => ({ product, quantity, price })
const basket = (invoice: string, day: number, lines: Basket["lines"]): Basket => ({
  invoice,
  customer: "c1",
  date: new Date(Date.UTC(2011, 0, 1 + day)),
  country: "gb",
  lines,
})
const hits = (winner: Strategy | null): Record<Strategy, number> =>
  Object.fromEntries(STRATEGIES.map((s) => [s, s === winner ? 1 : 0])) as Record<Strategy, number>

describe("where the strategies win", () => {
  it("reads the candidate features from the cart and the history before it", () => {
    const history = new CustomerHistories()
    history.add(basket("a", 0, [line("A", 1, 1), line("B", 1, 1)]))
    history.add(basket("b", 1, [line("A", 2, 1), line("C", 1, 1)]))
    const categories: Record<string, string> = { A: "kitchen", B: "kitchen", D: "bags" }
    const ev = { basket: basket("c", 2, [line("A", 2, 1.5), line("D", 1, 6), line("E", 1, 9)]), revealed: ["A", "D"], hidden: [line("E", 1, 9)] }
    expect(segmentValues(ev, history, (id) => categories[id])).toEqual({
      history_orders: 2,
      repeat_share: 1 / 4, // A twice, B and C once: one re-buy in four product orders
      cart_rebuy: 1 / 2, // A is among the top products, D is not
      cart_products: 2,
      category_focus: 1 / 2,
      unit_price: (2 * 1.5 + 6) / 3, // the hidden E is not in the cart
    })
  })

  it("tallies each strategy's hits per bin and finds the largest lead over the reference", () => {
    const tally = new SegmentTally()
    const few = { history_orders: 0, repeat_share: 0, cart_rebuy: 0, cart_products: 2, category_focus: 1, unit_price: 2 }
    const many = { ...few, history_orders: 12 }
    for (let i = 0; i < 200; i++) tally.add(few, hits("personalized"))
    // among regulars low_price wins 3 events in 4, personalized the fourth
    for (let i = 0; i < 200; i++) tally.add(many, hits(i % 4 ? "low_price" : "personalized"))
    const rows = tally.rows()
    const newcomers = rows.find((r) => r.feature === "history_orders" && r.range === "< 1")!
    const regulars = rows.find((r) => r.feature === "history_orders" && r.range === "10 – 30")!
    expect(newcomers).toMatchObject({ events: 200, oracle: 1 })
    expect(newcomers.hit.personalized).toBe(1)
    expect(regulars.hit).toMatchObject({ low_price: 0.75, personalized: 0.25 })
    // the features every event shares have one bin holding all 400
    expect(rows.filter((r) => r.feature === "cart_products")).toEqual([expect.objectContaining({ range: "2 – 4", events: 400 })])
    expect(largestLead(rows, "personalized")).toMatchObject({ strategy: "low_price", lead: 0.5, row: { range: "10 – 30" } })
    // a segment under the minimum does not count
    expect(largestLead(rows, "personalized", 500)).toBeNull()
  })
})
