/**
 * Strategy → ranked products, as plain data in, plain data out. The Medusa
 * side loads the catalogue and statistics; this decides what to show.
 */
import type { RecommendationFallback } from "../../packages/storefront/src/types"
import { DEFAULT_PRICE_BANDS, distanceToBand, isPriceStrategy, priceInBand, type PriceBands, type Strategy } from "./strategies"

export interface ProductCard {
  id: string
  title: string
  handle: string
  thumbnail: string | null
  variant_id: string
  /** Calculated price in the currency's major unit (e.g. 12.5 = £12.50). */
  amount: number
  currency_code: string
  category_ids: string[]
}

export interface RankingInput {
  strategy: Strategy
  /** Published, in-stock, priced products of the sales channel. */
  catalog: readonly ProductCard[]
  /** Products already in the cart: never recommended. */
  exclude: ReadonlySet<string>
  /** Categories of the cart's items (or the customer's preferred category). */
  categories: ReadonlySet<string>
  /** Units sold per product. */
  popularity: ReadonlyMap<string, number>
  /** Item-to-item co-purchase counts from the cart and the customer's history. */
  affinity: ReadonlyMap<string, number>
  limit: number
  /** The catalogue currency's price bands (default: the original GBP ones). */
  bands?: PriceBands
}

/** Why the strategy's own signal could not fill the list: the routes' contract names them. */
export type RankingFallback = RecommendationFallback

export interface RankedProduct {
  card: ProductCard
  /** In [0, 1]: the strategy's own relevance, highest first. */
  score: number
}

export interface RankingResult {
  products: RankedProduct[]
  /** Why the strategy's own signal could not fill the list, if it could not. */
  fallback: RankingFallback | null
}

function byScore(a: { s: number; card: ProductCard }, b: { s: number; card: ProductCard }) {
  return b.s - a.s || a.card.amount - b.card.amount || a.card.id.localeCompare(b.card.id)
}

/** Normalises raw scores to (0, 1] so clients can compare across strategies. */
function normalise(items: Array<{ s: number; card: ProductCard }>): RankedProduct[] {
  const max = items.reduce((m, x) => Math.max(m, x.s), 0)
  return items.map((x, i) => ({
    card: x.card,
    score: max > 0 ? Math.max(x.s / max, 1e-6) : 1 - i / Math.max(items.length, 1),
  }))
}

type Scored = { s: number; card: ProductCard }

/**
 * The catalogue ordered by popularity, computed once per (catalogue,
 * popularity) pair: callers pass the same cached arrays until either is
 * rebuilt, so the sort of thousands of products is not redone per request.
 */
const popularOrders = new WeakMap<readonly ProductCard[], WeakMap<ReadonlyMap<string, number>, Scored[]>>()

function popularOrder(catalog: readonly ProductCard[], popularity: ReadonlyMap<string, number>): Scored[] {
  let byPopularity = popularOrders.get(catalog)
  if (!byPopularity) popularOrders.set(catalog, (byPopularity = new WeakMap()))
  let order = byPopularity.get(popularity)
  if (!order) {
    order = catalog.map((card) => ({ s: popularity.get(card.id) ?? 0, card })).sort(byScore)
    byPopularity.set(popularity, order)
  }
  return order
}

/** The first `n` of an ordered list that pass `keep`. */
function take(order: Scored[], keep: (card: ProductCard) => boolean, n: number): Scored[] {
  const out: Scored[] = []
  for (const x of order) {
    if (out.length >= n) break
    if (keep(x.card)) out.push(x)
  }
  return out
}

export function rankProducts(input: RankingInput): RankingResult {
  const hasSales = input.popularity.size > 0
  const limit = Math.max(0, input.limit)
  const strategy = input.strategy
  const order = popularOrder(input.catalog, input.popularity)
  const allowed = (c: ProductCard) => !input.exclude.has(c.id)

  if (isPriceStrategy(strategy)) {
    const bands = input.bands ?? DEFAULT_PRICE_BANDS
    const ranked = normalise(take(order, (c) => allowed(c) && priceInBand(strategy, c.amount, bands), limit))
    if (ranked.length >= limit) return { products: ranked, fallback: hasSales ? null : "no_sales_history" }
    // A short band is filled with the products nearest to it in price (popularity breaks ties),
    // scored below every in-band product, and flagged: an empty list helps nobody.
    const nearest = order
      .filter((x) => allowed(x.card) && !priceInBand(strategy, x.card.amount, bands))
      .map((x, rank) => ({ x, d: distanceToBand(strategy, x.card.amount, bands), rank }))
      .sort((a, b) => a.d - b.d || a.rank - b.rank)
      .slice(0, limit - ranked.length)
    const floor = ranked.reduce((m, p) => Math.min(m, p.score), 1)
    const fill = nearest.map((n, i) => ({ card: n.x.card, score: Math.max(floor * 0.5 * (1 - i / (nearest.length + 1)), 1e-6) }))
    return { products: [...ranked, ...fill], fallback: "price_band_short" }
  }

  if (strategy === "popular") {
    return { products: normalise(take(order, allowed, limit)), fallback: hasSales ? null : "no_sales_history" }
  }
  let own: Scored[] = []
  let emptyReason: RankingFallback = "no_sales_history"
  if (strategy === "category_match") {
    if (!input.categories.size) {
      emptyReason = "no_cart_categories"
    } else {
      for (const card of input.catalog) {
        if (!allowed(card)) continue
        const overlap = card.category_ids.filter((id) => input.categories.has(id)).length
        // overlap first, popularity as the tie-break within equal overlap
        if (overlap >= 1) own.push({ s: overlap + Math.log1p(input.popularity.get(card.id) ?? 0) / 100, card })
      }
      own.sort(byScore)
      emptyReason = "no_category_matches"
    }
  }
  if (strategy === "personalized") {
    for (const card of input.catalog) {
      const s = input.affinity.get(card.id) ?? 0
      if (s > 0 && allowed(card)) own.push({ s, card })
    }
    own.sort(byScore)
    emptyReason = "no_customer_history"
  }

  if (!own.length) {
    return { products: normalise(take(order, allowed, limit)), fallback: emptyReason }
  }
  const chosen = own.slice(0, limit)
  const ownProducts = normalise(chosen)
  if (chosen.length >= limit) {
    return { products: ownProducts, fallback: null }
  }
  // Fill the rest from popular, scored below every own pick.
  const taken = new Set(chosen.map((x) => x.card.id))
  const minOwn = ownProducts.reduce((m, p) => Math.min(m, p.score), 1)
  const fill = normalise(take(order, (c) => allowed(c) && !taken.has(c.id), limit - chosen.length)).map((p) => ({
    card: p.card,
    score: p.score * minOwn * 0.5,
  }))
  return { products: [...ownProducts, ...fill], fallback: "filled_from_popular" }
}
