/**
 * What is known at a point in time: customer histories (grown basket by
 * basket as the replay advances) and statistics fitted on a period
 * (popularity windows, per-country popularity), as the store derives them.
 */
import { customerFeatures, type PurchaseSummary } from "../learning/profile"
import type { Basket } from "./dataset"

export interface ProductHistory {
  orders: number
  units: number
  last: Date
}

/** The purchase summary the state reads (as the store's profile holds it), and every product bought. */
export interface CustomerRecord extends PurchaseSummary {
  products: Map<string, ProductHistory>
}

export class CustomerHistories {
  protected records = new Map<string, CustomerRecord>()
  // top products are read for every event and change only when the customer buys
  protected tops = new Map<string, string[]>()

  get(customer: string): CustomerRecord | undefined {
    return this.records.get(customer)
  }

  add(basket: Basket): void {
    let r = this.records.get(basket.customer)
    if (!r) {
      r = { orders: 0, units: 0, lowBandUnits: 0, lastPurchaseAt: null, products: new Map() }
      this.records.set(basket.customer, r)
    }
    this.tops.delete(basket.customer)
    r.orders++
    r.lastPurchaseAt = basket.date
    for (const l of basket.lines) {
      r.units += l.quantity
      if (l.price < 10) r.lowBandUnits += l.quantity
      const p = r.products.get(l.product)
      if (p) {
        p.orders++
        p.units += l.quantity
        p.last = basket.date
      } else {
        r.products.set(l.product, { orders: 1, units: l.quantity, last: basket.date })
      }
    }
  }

  /** The store profile's top products: most orders, then most units, then id. */
  topProducts(customer: string, n = 20): string[] {
    const cached = this.tops.get(customer)
    if (cached && cached.length >= Math.min(n, 20)) return cached.slice(0, n)
    const r = this.records.get(customer)
    if (!r) return []
    const top = [...r.products.entries()]
      .sort((a, b) => b[1].orders - a[1].orders || b[1].units - a[1].units || (a[0] < b[0] ? -1 : 1))
      .slice(0, Math.max(n, 20))
      .map(([id]) => id)
    this.tops.set(customer, top)
    return top.slice(0, n)
  }

  profile(customer: string, now: Date): { priceSensitivity: number; engagementLevel: number } {
    const r = this.records.get(customer)
    return customerFeatures(r ?? null, now)
  }
}

export const POPULARITY_WINDOW_DAYS = { "30d": 30, "90d": 90, "365d": 365, all: Infinity } as const
export type PopularityWindowName = keyof typeof POPULARITY_WINDOW_DAYS
export type PopularityMeasure = "units" | "orders"

/**
 * The store's popularity: the measure in the trailing window ending at the
 * last basket, plus all-time as a tie-break worth less than one unit in the window.
 */
export function popularityScores(
  baskets: readonly Basket[],
  window: PopularityWindowName,
  measure: PopularityMeasure = "units"
): Map<string, number> {
  if (!baskets.length) return new Map()
  const end = baskets[baskets.length - 1].date.getTime()
  const from = end - POPULARITY_WINDOW_DAYS[window] * 86_400_000
  const inWindow = new Map<string, number>()
  const all = new Map<string, number>()
  for (const b of baskets) {
    const recent = b.date.getTime() > from
    for (const l of b.lines) {
      const v = measure === "units" ? l.quantity : 1
      all.set(l.product, (all.get(l.product) ?? 0) + v)
      if (recent) inWindow.set(l.product, (inWindow.get(l.product) ?? 0) + v)
    }
  }
  let maxAll = 1
  for (const v of all.values()) maxAll = Math.max(maxAll, v)
  const scores = new Map<string, number>()
  for (const [id, v] of all) scores.set(id, (inWindow.get(id) ?? 0) + v / (maxAll + 1))
  return scores
}

/** Popularity per country (same definition), for countries with at least `minBaskets` baskets. */
export function popularityByCountry(
  baskets: readonly Basket[],
  window: PopularityWindowName,
  measure: PopularityMeasure,
  minBaskets = 20
): Map<string, Map<string, number>> {
  const by = new Map<string, Basket[]>()
  for (const b of baskets) {
    const c = b.country ?? "unknown"
    const list = by.get(c) ?? []
    list.push(b)
    by.set(c, list)
  }
  const result = new Map<string, Map<string, number>>()
  for (const [c, list] of by) if (list.length >= minBaskets) result.set(c, popularityScores(list, window, measure))
  return result
}
