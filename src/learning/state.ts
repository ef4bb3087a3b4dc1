/**
 * The shopper's state: the 12 features of the original design, and their
 * discretisation into a Q-table key.
 *
 * Only generalisable features form the key. The customer and session ids are
 * kept on the context (for logging and the `personalized` strategy) but never
 * enter the key: a key per customer would be visited once and never learn.
 */

/**
 * The Q-table row that stands for "any state": every reward also moves it,
 * and a strategy a state has not tried yet starts from it.
 */
export const PRIOR_STATE_KEY = "*"

export const DEVICES = ["desktop", "mobile", "tablet"] as const
export type Device = (typeof DEVICES)[number]

/** Where a list is shown. A state feature: what works beside a cart need not on a product page. */
export const PLACEMENTS = ["cart", "product", "home", "checkout"] as const
export type Placement = (typeof PLACEMENTS)[number]

export interface StateContext {
  /** Cart subtotal in the currency's major unit. */
  cartTotal: number
  /** Number of units in the cart. */
  itemCount: number
  /** Seconds since the session (cart) started. */
  secondsInSession: number
  /** 0..1, higher = buys cheaper items than the catalogue median. */
  priceSensitivity: number
  /** 0..1, from purchase frequency and recency. */
  engagementLevel: number
  /** The customer's (or cart's) dominant category handle, if any. */
  categoryPreference: string | null
  /** 0–23, in the store's time zone. */
  hour: number
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number
  /** ISO 3166-1 alpha-2, lower case. */
  country: string | null
  device: Device | null
  customerId: string | null
  sessionId: string | null
  /** Where the list is shown; `cart` for every decision made before placements existed. */
  placement: Placement
}

/** Numeric features that are binned by percentile edges. */
export const BINNED_FEATURES = [
  "cartTotal",
  "itemCount",
  "secondsInSession",
  "priceSensitivity",
  "engagementLevel",
] as const
export type BinnedFeature = (typeof BINNED_FEATURES)[number]

/** Upper-exclusive cut points per feature: value v falls in bin #edges ≤ v. */
export type BinEdges = Record<BinnedFeature, number[]>

/**
 * Everything needed to turn a context into a key. Stored with the agent, so a
 * model version always discretises the same way it was trained.
 */
export interface StateModel {
  edges: BinEdges
  /** Countries encoded as themselves; any other country becomes "other". */
  countries: string[]
  /** Category handles encoded as themselves; any other becomes "other". */
  categories: string[]
}

/**
 * Edges used until a data set has been fitted (issue: import): rough quartiles
 * of a gift shop's carts, so a new store still gets a few meaningful states.
 */
export const DEFAULT_STATE_MODEL: StateModel = {
  edges: {
    cartTotal: [0.01, 20, 60, 150],
    itemCount: [1, 3, 8],
    secondsInSession: [60, 300, 1200],
    priceSensitivity: [0.33, 0.66],
    engagementLevel: [0.33, 0.66],
  },
  countries: ["gb", "de", "fr", "ie", "es", "nl", "be", "ch", "pt", "au"],
  categories: [],
}

export function emptyContext(overrides: Partial<StateContext> = {}): StateContext {
  return {
    cartTotal: 0,
    itemCount: 0,
    secondsInSession: 0,
    priceSensitivity: 0.5,
    engagementLevel: 0,
    categoryPreference: null,
    hour: 12,
    weekday: 1,
    country: null,
    device: null,
    customerId: null,
    sessionId: null,
    placement: "cart",
    ...overrides,
  }
}

/** Number of edges ≤ value (binary search); NaN goes to bin 0. */
export function binIndex(value: number, edges: readonly number[]): number {
  if (!Number.isFinite(value)) {
    return value === Infinity ? edges.length : 0
  }
  let lo = 0
  let hi = edges.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (edges[mid] <= value) {
      lo = mid + 1
    } else {
      hi = mid
    }
  }
  return lo
}

/**
 * Percentile cut points for `bins` bins (e.g. 4 → 25th, 50th, 75th), with
 * duplicates removed so a skewed feature gets fewer, still-distinct bins.
 */
export function fitPercentileEdges(values: readonly number[], bins: number): number[] {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b)
  if (!finite.length || bins < 2) {
    return []
  }
  const edges: number[] = []
  for (let i = 1; i < bins; i++) {
    const pos = (i / bins) * (finite.length - 1)
    const lo = Math.floor(pos)
    const hi = Math.ceil(pos)
    const edge = finite[lo] + (finite[hi] - finite[lo]) * (pos - lo)
    if (!edges.length || edge > edges[edges.length - 1]) {
      edges.push(edge)
    }
  }
  return edges
}

export function fitStateModel(
  samples: Array<Pick<StateContext, BinnedFeature>>,
  bins: Partial<Record<BinnedFeature, number>> = {},
  base: StateModel = DEFAULT_STATE_MODEL
): StateModel {
  const edges = { ...base.edges }
  for (const feature of BINNED_FEATURES) {
    const fitted = fitPercentileEdges(
      samples.map((s) => s[feature]),
      bins[feature] ?? base.edges[feature].length + 1
    )
    if (fitted.length) {
      edges[feature] = fitted
    }
  }
  return { ...base, edges }
}

/** Time of day grouped into the periods shopping behaviour differs by. */
export function dayPart(hour: number): "night" | "morning" | "afternoon" | "evening" {
  const h = ((Math.floor(hour) % 24) + 24) % 24
  if (h < 6) return "night"
  if (h < 12) return "morning"
  if (h < 18) return "afternoon"
  return "evening"
}

export function weekPart(weekday: number): "weekday" | "weekend" {
  const d = ((Math.floor(weekday) % 7) + 7) % 7
  return d === 0 || d === 6 ? "weekend" : "weekday"
}

function encodeCategorical(value: string | null, known: readonly string[]): string {
  if (!value) return "none"
  const v = value.toLowerCase()
  return known.includes(v) ? v : "other"
}

/**
 * The Q-table key: bins of the five numeric features, then category
 * preference, day part, week part, country and device, and the placement
 * unless it is `cart`. Stable order and short tokens: it is stored millions
 * of times. A cart's key is the one it had before placements existed, so a
 * trained table keeps its values; a new placement's states start from the
 * prior row like any unvisited state.
 */
export function stateKey(ctx: StateContext, model: StateModel = DEFAULT_STATE_MODEL): string {
  const e = model.edges
  return [
    `ct${binIndex(ctx.cartTotal, e.cartTotal)}`,
    `ic${binIndex(ctx.itemCount, e.itemCount)}`,
    `ts${binIndex(ctx.secondsInSession, e.secondsInSession)}`,
    `ps${binIndex(ctx.priceSensitivity, e.priceSensitivity)}`,
    `en${binIndex(ctx.engagementLevel, e.engagementLevel)}`,
    `cat:${encodeCategorical(ctx.categoryPreference, model.categories)}`,
    dayPart(ctx.hour),
    weekPart(ctx.weekday),
    `co:${encodeCategorical(ctx.country, model.countries)}`,
    `dv:${ctx.device ?? "unknown"}`,
    ...(ctx.placement && ctx.placement !== "cart" ? [`pl:${ctx.placement}`] : []),
  ].join("|")
}

/** Feature vector for logging: every feature, identifiers included. */
export function featuresOf(ctx: StateContext): Record<string, number | string | null> {
  return { ...ctx }
}

/** Whether two state models key every context alike (same bins, countries and categories). */
export function sameStateModel(a: StateModel, b: StateModel): boolean {
  const same = (x: readonly (number | string)[], y: readonly (number | string)[]) => x.length === y.length && x.every((v, i) => v === y[i])
  return (
    same(a.countries, b.countries) &&
    same(a.categories, b.categories) &&
    BINNED_FEATURES.every((f) => same(a.edges[f] ?? [], b.edges[f] ?? []))
  )
}
