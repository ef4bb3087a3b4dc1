import { describe, expect, it } from "vitest"
import type { RetailLine } from "../../data/online-retail/normalize"
import { cleanRetailLines } from "../dataset"
import { scoreList } from "../metrics"
import { makeEvents, quantityCap } from "../protocol"

let n = 0
const line = (invoice: string, code: string, quantity: number, date: string, customer: string | null = "c1", price = 2): RetailLine => ({
  line: ++n,
  invoice,
  stockCode: code,
  description: `item ${code.toUpperCase()}`,
  quantity,
  invoiceDate: new Date(date),
  unitPrice: price,
  customerId: customer,
  country: "United Kingdom",
  isCancellation: invoice.startsWith("C"),
})

describe("cleanRetailLines", () => {
  it("drops each cancellation with the latest matching purchase at or before it", () => {
    const data = cleanRetailLines([
      line("1", "85123A", 6, "2011-01-01T10:00:00Z"),
      line("2", "85123A", 6, "2011-01-05T10:00:00Z"),
      line("2", "22423", 1, "2011-01-05T10:00:00Z"),
      line("C3", "85123A", -6, "2011-01-06T10:00:00Z"), // reverses invoice 2's line, not invoice 1's
      line("C4", "22423", -2, "2011-01-07T10:00:00Z"), // no purchase of quantity 2: dropped alone
      line("5", "85123A", 6, "2011-01-08T10:00:00Z"), // after the cancellation: untouched
    ])
    expect(data.counts).toMatchObject({ cancellationLines: 2, reversedPurchases: 1, unmatchedCancellations: 1, keptLines: 3 })
    const lines = Object.fromEntries(data.baskets.map((b) => [b.invoice, b.lines.map((l) => `${l.product}x${l.quantity}`)]))
    expect(lines).toEqual({ "1": ["85123Ax6"], "2": ["22423x1"], "5": ["85123Ax6"] })
  })

  it("drops non-products, guests, non-positive quantities and prices; merges repeats; upper-cases codes", () => {
    const data = cleanRetailLines([
      line("1", "POST", 1, "2011-01-01T10:00:00Z"),
      line("1", "15056bl", 2, "2011-01-01T10:00:00Z", "c1", 1),
      line("1", "15056BL", 2, "2011-01-01T10:00:00Z", "c1", 3),
      line("1", "22000", 0, "2011-01-01T10:00:00Z"),
      line("1", "22001", 1, "2011-01-01T10:00:00Z", "c1", 0),
      line("6", "22002", 1, "2011-01-01T10:00:00Z", null),
    ])
    expect(data.counts).toMatchObject({ nonProductCode: 1, nonPositiveQuantity: 1, nonPositivePrice: 1, noCustomer: 1, mergedRepeats: 1, keptLines: 2 })
    expect(data.baskets).toHaveLength(1)
    expect(data.baskets[0].lines).toEqual([{ product: "15056BL", quantity: 4, price: 2 }])
    expect(data.baskets[0].country).toBe("gb")
  })
})

describe("makeEvents", () => {
  const basket = (invoice: string, products: string[]) => ({
    invoice,
    customer: "c1",
    date: new Date("2011-11-02T10:00:00Z"),
    country: "gb",
    lines: products.map((p) => ({ product: p, quantity: 1, price: 1 })),
  })
  it("reveals ceil(n/2) products, hides the rest, skips single-product baskets, and depends only on (seed, invoice)", () => {
    const baskets = [basket("1", ["a", "b", "c", "d", "e"]), basket("2", ["x"]), basket("3", ["p", "q"])]
    const events = makeEvents(baskets, 1)
    expect(events).toHaveLength(2)
    expect(events[0].revealed).toHaveLength(3)
    expect(events[0].hidden).toHaveLength(2)
    expect(new Set([...events[0].revealed, ...events[0].hidden.map((h) => h.product)])).toEqual(new Set(["a", "b", "c", "d", "e"]))
    expect(makeEvents([baskets[2], baskets[0]], 1)[1].revealed).toEqual(events[0].revealed)
    const draws = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((s) => makeEvents([baskets[0]], s)[0].revealed.sort().join()))
    expect(draws.size).toBeGreaterThan(1)
  })

  it("caps quantities at the nearest-rank quantile", () => {
    const b = basket("1", [])
    b.lines = Array.from({ length: 1000 }, (_, i) => ({ product: `p${i}`, quantity: i + 1, price: 1 }))
    expect(quantityCap([b], 0.999)).toBe(999)
  })
})

describe("scoreList", () => {
  it("computes hit, recall, NDCG and capped revenue", () => {
    const hidden = [
      { product: "a", quantity: 2, price: 5 },
      { product: "b", quantity: 1000, price: 1 },
      { product: "z", quantity: 1, price: 1 },
    ]
    const s = scoreList(["x", "a", "y", "b"], hidden, 10, 100)
    expect(s.hit).toBe(1)
    expect(s.recall).toBeCloseTo(2 / 3, 12)
    const dcg = 1 / Math.log2(3) + 1 / Math.log2(5)
    const idcg = 1 + 1 / Math.log2(3) + 1 / Math.log2(4)
    expect(s.ndcg).toBeCloseTo(dcg / idcg, 12)
    expect(s.revenue).toBe(2 * 5 + 100 * 1)
    expect(scoreList(["x"], hidden, 10, 100)).toEqual({ hit: 0, recall: 0, ndcg: 0, revenue: 0, hit_repeat: 0, hit_new: 0 })
    // only the first k count
    expect(scoreList(["x", "a"], hidden, 1, 100).hit).toBe(0)
    // the reality-check split: a hit on a product bought before is a repeat, on any other new
    const bought = new Map([["a", {}]])
    expect(scoreList(["a"], hidden, 10, 100, bought)).toMatchObject({ hit: 1, hit_repeat: 1, hit_new: 0 })
    expect(scoreList(["b"], hidden, 10, 100, bought)).toMatchObject({ hit: 1, hit_repeat: 0, hit_new: 1 })
    expect(scoreList(["a", "b"], hidden, 10, 100, bought)).toMatchObject({ hit_repeat: 1, hit_new: 1 })
  })
})
