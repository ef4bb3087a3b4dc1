/** The six recommendation strategies, in a fixed order used everywhere (Q vectors, charts, logs). */
export const STRATEGIES = [
  "low_price",
  "medium_price",
  "high_price",
  "category_match",
  "popular",
  "personalized",
] as const

export type Strategy = (typeof STRATEGIES)[number]

export function isStrategy(value: unknown): value is Strategy {
  return typeof value === "string" && (STRATEGIES as readonly string[]).includes(value)
}

/**
 * Price band thresholds in a currency's major unit: low < `low` ≤ medium ≤
 * `high` < high.
 */
export interface PriceBands {
  low: number
  high: number
}

/** The original design's bands, in pounds: < £10, £10–50, > £50. */
export const DEFAULT_PRICE_BANDS: PriceBands = { low: 10, high: 50 }

/** The three bands as ranges, for the original GBP thresholds (the evaluation's data is in GBP). */
export const PRICE_BANDS = {
  low_price: { min: 0, max: DEFAULT_PRICE_BANDS.low, maxInclusive: false },
  medium_price: { min: DEFAULT_PRICE_BANDS.low, max: DEFAULT_PRICE_BANDS.high, maxInclusive: true },
  high_price: { min: DEFAULT_PRICE_BANDS.high, max: Infinity, maxInclusive: false, minExclusive: true },
} as const

export type PriceStrategy = keyof typeof PRICE_BANDS

export function isPriceStrategy(s: Strategy): s is PriceStrategy {
  return s === "low_price" || s === "medium_price" || s === "high_price"
}

export function priceInBand(strategy: PriceStrategy, amount: number, bands: PriceBands = DEFAULT_PRICE_BANDS): boolean {
  switch (strategy) {
    case "low_price":
      return amount < bands.low
    case "medium_price":
      return amount >= bands.low && amount <= bands.high
    case "high_price":
      return amount > bands.high
  }
}

/** How far a price lies outside a band (0 inside): the order in which a short band is filled. */
export function distanceToBand(strategy: PriceStrategy, amount: number, bands: PriceBands = DEFAULT_PRICE_BANDS): number {
  if (priceInBand(strategy, amount, bands)) return 0
  switch (strategy) {
    case "low_price":
      return amount - bands.low
    case "medium_price":
      return amount < bands.low ? bands.low - amount : amount - bands.high
    case "high_price":
      return bands.high - amount
  }
}

/**
 * Bands fitted to a catalogue's own prices: its terciles, so in any currency
 * each band holds about a third of the products. Prices that are all alike
 * give low = high, and the outer bands are empty: there is no cheap or dear
 * product to show. Null for an empty catalogue.
 */
export function fitPriceBands(amounts: readonly number[]): PriceBands | null {
  const sorted = amounts.filter((a) => Number.isFinite(a) && a >= 0).sort((a, b) => a - b)
  if (!sorted.length) return null
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
  const round = (x: number) => Math.round(x * 100) / 100
  return { low: round(at(1 / 3)), high: round(at(2 / 3)) }
}
