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
 * Price bands in the store currency's major unit (e.g. pounds):
 * low < 10 ≤ medium ≤ 50 < high.
 */
export const PRICE_BANDS = {
  low_price: { min: 0, max: 10, maxInclusive: false },
  medium_price: { min: 10, max: 50, maxInclusive: true },
  high_price: { min: 50, max: Infinity, maxInclusive: false, minExclusive: true },
} as const

export type PriceStrategy = keyof typeof PRICE_BANDS

export function isPriceStrategy(s: Strategy): s is PriceStrategy {
  return s === "low_price" || s === "medium_price" || s === "high_price"
}

export function priceInBand(strategy: PriceStrategy, amount: number): boolean {
  switch (strategy) {
    case "low_price":
      return amount < 10
    case "medium_price":
      return amount >= 10 && amount <= 50
    case "high_price":
      return amount > 50
  }
}
