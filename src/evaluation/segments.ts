/**
 * Where the strategies win: each strategy's hit rate within segments of the
 * features a state could add (history length, repeat buying, the cart's
 * re-buys, size, focus and price level). A feature earns a place in the
 * state only if some strategy beats the others in one of its segments; the
 * report shows the table, measured on the tuning holdout.
 */
import { STRATEGIES, type Strategy } from "../learning/strategies"
import type { CustomerHistories } from "./knowledge"
import type { TaskEvent } from "./protocol"

export const SEGMENT_FEATURES = {
  history_orders: { label: "customer's earlier orders", edges: [1, 3, 10, 30] },
  repeat_share: { label: "share of the customer's product orders that were re-buys", edges: [0.01, 0.2, 0.4, 0.6] },
  cart_rebuy: { label: "share of the cart among the customer's 20 top products", edges: [0.01, 0.25, 0.5, 0.75] },
  cart_products: { label: "distinct products in the cart", edges: [2, 4, 8, 16] },
  category_focus: { label: "share of the cart in its commonest category", edges: [0.34, 0.5, 0.75, 1] },
  unit_price: { label: "mean unit price in the cart (£)", edges: [1, 2, 3, 5] },
} as const
export type SegmentFeature = keyof typeof SEGMENT_FEATURES

/** The candidate features of an event, from its cart and the customer's history before it. */
export function segmentValues(
  ev: TaskEvent,
  history: CustomerHistories,
  categoryOf: (id: string) => string | undefined
): Record<SegmentFeature, number> {
  const r = history.get(ev.basket.customer)
  let productOrders = 0
  let rebuys = 0
  if (r) {
    for (const p of r.products.values()) {
      productOrders += p.orders
      rebuys += p.orders - 1
    }
  }
  const top = new Set(history.topProducts(ev.basket.customer))
  const categories = new Map<string, number>()
  for (const id of ev.revealed) {
    const c = categoryOf(id) ?? ""
    categories.set(c, (categories.get(c) ?? 0) + 1)
  }
  const revealed = new Set(ev.revealed)
  let total = 0
  let units = 0
  for (const l of ev.basket.lines) {
    if (!revealed.has(l.product)) continue
    total += l.quantity * l.price
    units += l.quantity
  }
  return {
    history_orders: r?.orders ?? 0,
    repeat_share: productOrders ? rebuys / productOrders : 0,
    cart_rebuy: ev.revealed.filter((id) => top.has(id)).length / ev.revealed.length,
    cart_products: ev.revealed.length,
    category_focus: Math.max(...categories.values()) / ev.revealed.length,
    unit_price: units ? total / units : 0,
  }
}

export interface SegmentRow {
  feature: SegmentFeature
  label: string
  /** The bin, e.g. "1 – 3" (lower bound included). */
  range: string
  events: number
  hit: Record<Strategy, number>
  /** The best strategy per event, chosen after seeing it. */
  oracle: number
}

function ranges(edges: readonly number[]): string[] {
  const out = [`< ${edges[0]}`]
  for (let i = 1; i < edges.length; i++) out.push(`${edges[i - 1]} – ${edges[i]}`)
  out.push(`≥ ${edges[edges.length - 1]}`)
  return out
}

/** Hits per strategy per feature bin, summed event by event. */
export class SegmentTally {
  protected sums = new Map<string, { events: number; hit: Record<Strategy, number>; oracle: number }>()

  add(values: Record<SegmentFeature, number>, hits: Record<Strategy, number>): void {
    const oracle = Math.max(...STRATEGIES.map((s) => hits[s]))
    for (const feature of Object.keys(SEGMENT_FEATURES) as SegmentFeature[]) {
      const edges = SEGMENT_FEATURES[feature].edges
      let bin = 0
      while (bin < edges.length && values[feature] >= edges[bin]) bin++
      const key = `${feature}:${bin}`
      const s = this.sums.get(key) ?? { events: 0, hit: Object.fromEntries(STRATEGIES.map((x) => [x, 0])) as Record<Strategy, number>, oracle: 0 }
      s.events++
      for (const x of STRATEGIES) s.hit[x] += hits[x]
      s.oracle += oracle
      this.sums.set(key, s)
    }
  }

  rows(): SegmentRow[] {
    const rows: SegmentRow[] = []
    for (const feature of Object.keys(SEGMENT_FEATURES) as SegmentFeature[]) {
      const { label, edges } = SEGMENT_FEATURES[feature]
      ranges(edges).forEach((range, bin) => {
        const s = this.sums.get(`${feature}:${bin}`)
        if (!s) return
        const hit = Object.fromEntries(STRATEGIES.map((x) => [x, s.hit[x] / s.events])) as Record<Strategy, number>
        rows.push({ feature, label, range, events: s.events, hit, oracle: s.oracle / s.events })
      })
    }
    return rows
  }
}

/**
 * The largest lead any strategy has over `reference` in a segment of at
 * least `minEvents` events: how much a state feature could gain by choosing.
 */
export function largestLead(rows: readonly SegmentRow[], reference: Strategy, minEvents = 100): { row: SegmentRow; strategy: Strategy; lead: number } | null {
  let best: { row: SegmentRow; strategy: Strategy; lead: number } | null = null
  for (const row of rows) {
    if (row.events < minEvents) continue
    for (const s of STRATEGIES) {
      if (s === reference) continue
      const lead = row.hit[s] - row.hit[reference]
      if (!best || lead > best.lead) best = { row, strategy: s, lead }
    }
  }
  return best
}
