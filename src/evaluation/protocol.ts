/**
 * The basket-completion task: time split, revealed/hidden halves, seeds and
 * the quantity cap of Revenue@K. docs/evaluation.md is the prose version.
 */
import { createRng } from "../learning/rng"
import type { Basket, BasketLine } from "./dataset"

export const PROTOCOL = {
  /** Fit on invoices before this; test on invoices from it on. */
  testStart: new Date("2011-11-01T00:00:00Z"),
  /** Tuning holds out these two months of the fit period (fit before tuneStart, score on tune). */
  tuneStart: new Date("2011-09-01T00:00:00Z"),
  k: 10,
  seeds: [1, 2, 3, 4, 5],
  /** Quantities in Revenue@K are capped at this quantile of the fit period's line quantities. */
  winsorQuantile: 0.999,
} as const

/**
 * `cart`: the revealed half of a basket is the cart. `product`: its first
 * revealed product is the product page's (no cart), and the rest is hidden.
 */
export type EvalPlacement = "cart" | "product"

export interface TaskEvent {
  basket: Basket
  /** The cart: ceil(n/2) of the basket's distinct products, drawn at random; or the product page's one product. */
  revealed: string[]
  /** What the method should find. */
  hidden: BasketLine[]
}

/** Baskets in [from, to). */
export function between(baskets: Basket[], from: Date | null, to: Date | null): Basket[] {
  return baskets.filter((b) => (!from || b.date >= from) && (!to || b.date < to))
}

/** The q-quantile (nearest rank) of the line quantities. */
export function quantityCap(baskets: Basket[], q: number = PROTOCOL.winsorQuantile): number {
  const qs = baskets.flatMap((b) => b.lines.map((l) => l.quantity)).sort((a, b) => a - b)
  if (!qs.length) return Infinity
  return qs[Math.min(qs.length - 1, Math.max(0, Math.ceil(q * qs.length) - 1))]
}

/** A stable 32-bit hash of a string (FNV-1a): one seed per basket, independent of order. */
function hash(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/**
 * One event per basket with at least two distinct products. The reveal draw
 * depends only on (seed, invoice), so every method sees the same carts; a
 * product page is the first product of the same draw, so it is one of the
 * cart task's revealed products.
 */
export function makeEvents(baskets: Basket[], seed: number, placement: EvalPlacement = "cart"): TaskEvent[] {
  const events: TaskEvent[] = []
  for (const basket of baskets) {
    if (basket.lines.length < 2) continue
    const rng = createRng((hash(basket.invoice) ^ Math.imul(seed, 0x9e3779b1)) >>> 0)
    const order = basket.lines.map((l) => l.product)
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1))
      ;[order[i], order[j]] = [order[j], order[i]]
    }
    const revealed = order.slice(0, placement === "product" ? 1 : Math.ceil(order.length / 2))
    const shown = new Set(revealed)
    events.push({ basket, revealed, hidden: basket.lines.filter((l) => !shown.has(l.product)) })
  }
  return events
}
