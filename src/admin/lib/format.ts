export const STRATEGY_LABELS: Record<string, string> = {
  // the bands are per currency (see the README): their thresholds show where a recommendation is priced
  low_price: "Low price",
  medium_price: "Medium price",
  high_price: "High price",
  category_match: "Category match",
  popular: "Popular",
  personalized: "Personalized",
}

export const STRATEGY_COLORS: Record<string, string> = {
  low_price: "#0ea5e9",
  medium_price: "#6366f1",
  high_price: "#a855f7",
  category_match: "#f59e0b",
  popular: "#10b981",
  personalized: "#ef4444",
}

export const STRATEGIES = Object.keys(STRATEGY_LABELS)

const int = new Intl.NumberFormat("en-GB")
export const formatInt = (n: number | null | undefined) => (n == null ? "–" : int.format(n))
export const formatPct = (n: number | null | undefined, digits = 1) => (n == null ? "–" : `${(n * 100).toFixed(digits)}%`)
export const formatNum = (n: number | null | undefined, digits = 3) => (n == null ? "–" : n.toFixed(digits))
export const formatMoney = (n: number | null | undefined, currency: string) => {
  if (n == null) return "–"
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency: currency.toUpperCase() }).format(n)
  } catch {
    return `${n.toFixed(2)} ${currency.toUpperCase()}`
  }
}
export const formatDateTime = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" }) : "–"
