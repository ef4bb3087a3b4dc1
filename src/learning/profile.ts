/**
 * Customer profile features of the state, from purchase history.
 */
export interface PurchaseSummary {
  /** Distinct orders (invoices). */
  orders: number
  /** Units bought. */
  units: number
  /** Units bought at a unit price under 10 (the low band). */
  lowBandUnits: number
  lastPurchaseAt: Date | null
}

/** Orders at which frequency saturates, and the recency half-life in days. */
export const PROFILE_SCALE = { ordersAtSaturation: 20, recencyHalfLifeDays: 90 }

/**
 * Share of units bought in the low price band. With no history the neutral
 * 0.5: nothing is known either way.
 */
export function priceSensitivity(s: PurchaseSummary): number {
  return s.units > 0 ? Math.min(1, Math.max(0, s.lowBandUnits / s.units)) : 0.5
}

/**
 * Engagement in [0, 1]: frequency (log-scaled, saturating at 20 orders)
 * times recency (halving every 90 days since the last order).
 */
export function engagementLevel(s: PurchaseSummary, now: Date): number {
  if (!s.orders || !s.lastPurchaseAt) return 0
  const frequency = Math.min(1, Math.log1p(s.orders) / Math.log1p(PROFILE_SCALE.ordersAtSaturation))
  const days = Math.max(0, (now.getTime() - s.lastPurchaseAt.getTime()) / 86_400_000)
  const recency = Math.pow(0.5, days / PROFILE_SCALE.recencyHalfLifeDays)
  return frequency * recency
}

/**
 * The clock engagement is read on: the latest purchase in the store's
 * history, or now if that is later. Popularity windows trail the same
 * point. A history imported from the past then reads as it did when it was
 * recorded — the clock the state model was fitted on — instead of every
 * imported customer landing in the lowest engagement bin; a live store's
 * latest purchase is minutes old, so it reads as the wall clock.
 */
export function historyClock(latestPurchaseAt: Date | null, now: Date): Date {
  return latestPurchaseAt && latestPurchaseAt.getTime() < now.getTime() ? latestPurchaseAt : now
}

/**
 * The customer-derived features of the state: the one function the store
 * (serving, the admin's customer view) and the offline fit and evaluation
 * all call, so one history gives one state key everywhere.
 */
export function customerFeatures(s: PurchaseSummary | null, clock: Date): { priceSensitivity: number; engagementLevel: number } {
  return s ? { priceSensitivity: priceSensitivity(s), engagementLevel: engagementLevel(s, clock) } : { priceSensitivity: 0.5, engagementLevel: 0 }
}

/** The most frequent value, ties broken by first seen; null when empty. */
export function mostFrequent(values: Iterable<string>): string | null {
  const counts = new Map<string, number>()
  let best: string | null = null
  let bestCount = 0
  for (const v of values) {
    const c = (counts.get(v) ?? 0) + 1
    counts.set(v, c)
    if (c > bestCount) {
      best = v
      bestCount = c
    }
  }
  return best
}
