import { describe, expect, it } from "vitest"
import { createRng } from "../../../learning/rng"
import { RetailAccumulator, type PurchasePlan } from "../aggregate"
import type { RetailLine } from "../normalize"

/** The merge the columns replace: one object per (invoice, product, direction), in first-seen order. */
function naiveMerge(lines: RetailLine[]): PurchasePlan[] {
  const merged = new Map<string, PurchasePlan & { value: number }>()
  for (const l of lines) {
    if (l.quantity === 0) continue
    const code = l.stockCode.toUpperCase()
    const isReturn = l.isCancellation || l.quantity < 0
    const key = `${l.invoice}|${code}|${isReturn}`
    const q = Math.abs(l.quantity)
    const p = merged.get(key)
    if (p) {
      p.quantity += q
      p.value += q * l.unitPrice
    } else {
      merged.set(key, { invoice: l.invoice, stockCode: code, customerId: l.customerId, quantity: q, unitPrice: l.unitPrice, value: q * l.unitPrice, invoiceDate: l.invoiceDate, isReturn })
    }
  }
  return [...merged.values()].map(({ value, ...p }) => ({ ...p, unitPrice: Math.round((value / p.quantity) * 10_000) / 10_000 }))
}

describe("RetailAccumulator's purchase columns", () => {
  it("merge lines exactly as one object per line would, across growth and many invoices", () => {
    const rng = createRng(7)
    const lines: RetailLine[] = []
    for (let i = 0; i < 20_000; i++) {
      const invoiceNo = Math.floor(rng() * 3000)
      const cancelled = rng() < 0.05
      lines.push({
        line: i + 2,
        invoice: `${cancelled ? "C" : ""}${536000 + invoiceNo}`,
        stockCode: `${10000 + Math.floor(rng() * 400)}${rng() < 0.1 ? "a" : "A"}`,
        description: "THING",
        quantity: (cancelled ? -1 : 1) * (1 + Math.floor(rng() * 12)) * (rng() < 0.02 ? 0 : 1),
        invoiceDate: new Date(Date.UTC(2011, 0, 1) + invoiceNo * 3_600_000 + i),
        unitPrice: Math.round(rng() * 2000) / 100,
        customerId: rng() < 0.2 ? null : `${12000 + (invoiceNo % 500)}`,
        country: "United Kingdom",
        isCancellation: cancelled,
      })
    }
    const acc = new RetailAccumulator()
    for (const l of lines) acc.add(l)
    const expected = naiveMerge(lines)
    expect(expected.length).toBeGreaterThan(10_000) // the columns grew several times
    expect(acc.purchaseLines()).toEqual(expected)
    const summary = acc.summary()
    expect(summary.purchases + summary.returns).toBe(expected.length)
    expect(summary.returns).toBe(expected.filter((p) => p.isReturn).length)

    acc.seal()
    expect([...acc.purchaseLog()]).toEqual(expected)
    expect(acc.purchaseLog().size).toBe(expected.length)
    const kept = (code: string) => code.endsWith("7A")
    expect(acc.purchaseLog().count(kept)).toBe(expected.filter((p) => kept(p.stockCode)).length)
    expect(() => acc.add(lines[0])).toThrow(/after the file was read/)
  })
})
