/**
 * Strategy → ranked products, as plain data in, plain data out. The Medusa
 * side loads the catalogue and statistics; this decides what to show.
 */
import type { RecommendationFallback, RecommendationReason } from "../../packages/storefront/src/types"
import { priceCloseness, similarity, type Anchor, type Intent } from "./intents"
import type { CompiledRules } from "./merchandising"
import { DEFAULT_PRICE_BANDS, distanceToBand, isPriceStrategy, priceInBand, type PriceBands, type PriceStrategy, type Strategy } from "./strategies"

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
  /** Units available of the shown variant; null when it is not inventory-managed or can be backordered. */
  stock?: number | null
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
  /** Why each product with affinity is relevant, from the scores that made its affinity. */
  reasons?: ReadonlyMap<string, ProductReason>
  /**
   * `complementary` (default): `affinity` is the co-purchase relevance. `similar`: `affinity` is the
   * anchor's two-step neighbourhood, and only products of the anchor's categories (or of that
   * neighbourhood, when it has none) are shown, scored by it and by closeness in price.
   */
  intent?: Intent
  /** The product page's product (or the cart's products): never shown, and what `similar` means similar to. */
  anchor?: Anchor
  /** The merchant's rules for this request: what may be shown, what is pinned first, what is boosted. */
  rules?: CompiledRules
}

/** Why a product was shown: the routes' contract names the kinds. */
export type ProductReason = RecommendationReason

/** Why the strategy's own signal could not fill the list: the routes' contract names them. */
export type RankingFallback = RecommendationFallback

export interface RankedProduct {
  card: ProductCard
  /** In [0, 1]: the strategy's own relevance, highest first. */
  score: number
  reason: ProductReason
}

export interface RankingResult {
  products: RankedProduct[]
  /** Why the strategy's own signal could not fill the list, if it could not. */
  fallback: RankingFallback | null
}

function byScore(a: { s: number; card: ProductCard }, b: { s: number; card: ProductCard }) {
  return b.s - a.s || a.card.amount - b.card.amount || a.card.id.localeCompare(b.card.id)
}

const POPULAR: ProductReason = { kind: "popular_now" }

/** Normalises raw scores to (0, 1] so clients can compare across strategies; `why` gives each one's reason. */
function normalise(items: Scored[], why: (x: Scored) => ProductReason): RankedProduct[] {
  const max = items.reduce((m, x) => Math.max(m, x.s), 0)
  return items.map((x, i) => ({
    card: x.card,
    score: max > 0 ? Math.max(x.s / max, 1e-6) : 1 - i / Math.max(items.length, 1),
    reason: why(x),
  }))
}

type Scored = { s: number; card: ProductCard }

const BANDS: Record<PriceStrategy, "low" | "medium" | "high"> = { low_price: "low", medium_price: "medium", high_price: "high" }

/**
 * What a (catalogue, popularity) pair lets every request reuse: the
 * catalogue by popularity, each category's products in that order, and the
 * cards by id. Built once per pair (callers pass the same cached arrays until
 * either is rebuilt), so no request sorts or scans the whole catalogue.
 */
type CatalogOrders = {
  order: Scored[]
  byCategory: Map<string, Scored[]>
  /** True when some product has more than one category: the category ranking must then count overlaps. */
  multiCategory: boolean
}

const catalogOrders = new WeakMap<readonly ProductCard[], WeakMap<ReadonlyMap<string, number>, CatalogOrders>>()
const cardIndexes = new WeakMap<readonly ProductCard[], Map<string, ProductCard>>()

function ordersOf(catalog: readonly ProductCard[], popularity: ReadonlyMap<string, number>): CatalogOrders {
  let byPopularity = catalogOrders.get(catalog)
  if (!byPopularity) catalogOrders.set(catalog, (byPopularity = new WeakMap()))
  let orders = byPopularity.get(popularity)
  if (!orders) {
    const order = catalog.map((card) => ({ s: popularity.get(card.id) ?? 0, card })).sort(byScore)
    const byCategory = new Map<string, Scored[]>()
    let multiCategory = false
    for (const x of order) {
      const categories = new Set(x.card.category_ids)
      if (categories.size > 1) multiCategory = true
      for (const id of categories) {
        let list = byCategory.get(id)
        if (!list) byCategory.set(id, (list = []))
        list.push(x)
      }
    }
    orders = { order, byCategory, multiCategory }
    byPopularity.set(popularity, orders)
  }
  return orders
}

/** The cards by id, built once per catalogue array. */
export function cardsById(catalog: readonly ProductCard[]): Map<string, ProductCard> {
  let index = cardIndexes.get(catalog)
  if (!index) cardIndexes.set(catalog, (index = new Map(catalog.map((c) => [c.id, c]))))
  return index
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

/**
 * The relevance order every strategy ranks its own set by: products with
 * affinity > 0, highest first (then cheaper, then id), computed once per
 * request however many strategies read it. Walks the affinity (hundreds of
 * products), not the catalogue.
 */
function relevanceOrder(catalog: readonly ProductCard[], affinity: ReadonlyMap<string, number>): Scored[] {
  if (!affinity.size) return []
  const cards = cardsById(catalog)
  const out: Scored[] = []
  for (const [id, s] of affinity) {
    const card = s > 0 ? cards.get(id) : undefined
    if (card) out.push({ s, card })
  }
  return out.sort(byScore)
}

/**
 * `category_match`'s own order: overlap with the cart's categories first,
 * popularity the tie-break. When every product has one category (overlap is
 * 0 or 1) the first `need` of the union are among the first `need` of each
 * category's popularity list, so only those are merged; otherwise every
 * product of those categories is scored (never the whole catalogue).
 */
function categoryOrder(orders: CatalogOrders, input: RankingInput, need: number): Scored[] {
  const popularityScore = (card: ProductCard) => Math.log1p(input.popularity.get(card.id) ?? 0) / 100
  const out: Scored[] = []
  if (!orders.multiCategory) {
    for (const id of input.categories) {
      for (const x of (orders.byCategory.get(id) ?? []).slice(0, need)) out.push({ s: 1 + popularityScore(x.card), card: x.card })
    }
  } else {
    // a product with any overlap is in one of the cart's categories' lists: only those are scored
    const seen = new Set<string>()
    for (const id of input.categories) {
      for (const { card } of orders.byCategory.get(id) ?? []) {
        if (seen.has(card.id)) continue
        seen.add(card.id)
        out.push({ s: overlapOf(card, input.categories) + popularityScore(card), card })
      }
    }
  }
  return out.sort(byScore)
}

function overlapOf(card: ProductCard, categories: ReadonlySet<string>): number {
  let o = 0
  for (const id of new Set(card.category_ids)) if (categories.has(id)) o++
  return o
}

/**
 * A strategy's own set ranked by relevance first, then by its own order
 * (popularity, or overlap then popularity), each part scored below the last:
 * the relevance picks are what the shopper is likeliest to want of that set.
 */
function ownRanking(
  relevant: Scored[],
  order: Scored[],
  keep: (c: ProductCard) => boolean,
  n: number,
  why: Reasons,
  orderWhy: (x: Scored) => ProductReason
): { products: RankedProduct[]; fromRelevance: number } {
  const rel = take(relevant, keep, n)
  const taken = new Set(rel.map((x) => x.card.id))
  const rest = take(order, (c) => keep(c) && !taken.has(c.id), n - rel.length)
  const relProducts = normalise(rel, why.relevant)
  const floor = relProducts.reduce((m, p) => Math.min(m, p.score), 1)
  const restProducts = normalise(rest, why.override ?? orderWhy).map((p) => ({ ...p, score: rel.length ? Math.max(p.score * floor * 0.5, 1e-6) : p.score }))
  return { products: [...relProducts, ...restProducts], fromRelevance: rel.length }
}

/** Where each part of a list gets its reason: the relevance's own, or one reason for every product (`similar`). */
type Reasons = { relevant: (x: Scored) => ProductReason; override?: (x: Scored) => ProductReason }

function reasonsOf(input: RankingInput): Reasons {
  if (input.intent === "similar" && input.anchor?.productIds.length) {
    const reason: ProductReason = { kind: "similar_to", product_id: input.anchor.productIds[0] }
    return { relevant: () => reason, override: () => reason }
  }
  const fallback: ProductReason = { kind: "bought_with", product_ids: [] }
  return { relevant: (x) => input.reasons?.get(x.card.id) ?? fallback }
}

/** Options of the ranking that are not the strategy's: diversification. */
export interface DiversityOptions {
  /**
   * At most this many products of one category in a list, while products of
   * other categories are left to fill it (null: no cap). A product's first
   * category counts.
   */
  maxPerCategory: number | null
}

/**
 * The per-category cap over a ranked list: walks it in order, defers a
 * product whose category is full, and fills from the deferred ones (in order)
 * only when nothing else is left. The order within each part is kept.
 */
export function capPerCategory<T>(ranked: readonly T[], categoryOf: (x: T) => string | undefined, max: number | null, limit: number): T[] {
  if (max === null || max <= 0) return ranked.slice(0, limit)
  const counts = new Map<string, number>()
  const out: T[] = []
  const deferred: T[] = []
  for (const x of ranked) {
    if (out.length >= limit) break
    const cat = categoryOf(x)
    const c = cat === undefined ? 0 : counts.get(cat) ?? 0
    if (cat !== undefined && c >= max) {
      deferred.push(x)
      continue
    }
    if (cat !== undefined) counts.set(cat, c + 1)
    out.push(x)
  }
  for (const x of deferred) {
    if (out.length >= limit) break
    out.push(x)
  }
  return out
}

/** How many candidates a capped list is cut from: enough for a few categories to fill it. */
export const DIVERSITY_POOL_FACTOR = 2

/**
 * Strategy → ranked products. Every strategy is an intent over one relevance
 * (`affinity`: co-purchases of the cart and the customer's history, plus the
 * customer's own products): a price band or the cart's categories rank their
 * own products by it, popularity only filling what relevance does not reach;
 * `popular` is the best sellers; `personalized` is the relevance itself.
 * With a category cap the list is cut from a longer one (`capPerCategory`),
 * the fallback still that of the uncapped list.
 */
export function rankProducts(input: RankingInput, diversity?: DiversityOptions): RankingResult {
  const rules = input.rules?.active ? input.rules : null
  if (!rules) return rankWithin(input, diversity)
  // a boost or bury scales relevance; the pinned products go first, and none of the list breaks a rule
  let affinity = input.affinity
  if (input.affinity.size) {
    affinity = new Map()
    for (const [id, v] of input.affinity) (affinity as Map<string, number>).set(id, v * rules.multiplier(id))
  }
  const cards = cardsById(input.catalog)
  const pinned = rules.pins
    .map((id) => cards.get(id))
    .filter((c): c is ProductCard => !!c && rules.allows(c) && !input.exclude.has(c.id) && !(input.anchor?.productIds ?? []).includes(c.id))
    .slice(0, input.limit)
  const pinnedIds = new Set(pinned.map((c) => c.id))
  const rest = rankWithin({ ...input, affinity, exclude: new Set([...input.exclude, ...pinnedIds]), limit: input.limit - pinned.length }, diversity)
  const products: RankedProduct[] = [...pinned.map((card) => ({ card, score: 1, reason: { kind: "pinned" } satisfies ProductReason })), ...rest.products]
  const fallback = products.length < input.limit && rest.fallback !== "few_similar_products" ? "limited_by_rules" : rest.fallback
  return { products, fallback }
}

function rankWithin(input: RankingInput, diversity?: DiversityOptions): RankingResult {
  const similar = input.intent === "similar" ? similarSet(input) : null
  const ranked: RankingInput = similar ? { ...input, affinity: similar.affinity } : input
  const include = similar?.include
  // the relevance order is a sort of the affinity: once per request, whichever strategy reads it
  const relevant = ranked.strategy === "popular" ? [] : relevanceOrder(ranked.catalog, ranked.affinity)
  const short = (r: RankingResult): RankingResult =>
    similar && r.products.length < input.limit ? { ...r, fallback: "few_similar_products" } : r
  const base = short(rankUncapped(ranked, relevant, include))
  const max = diversity?.maxPerCategory ?? null
  if (max === null || max <= 0) return base
  const pool = rankUncapped({ ...ranked, limit: input.limit * DIVERSITY_POOL_FACTOR }, relevant, include)
  const capped = capPerCategory(pool.products, (p) => p.card.category_ids[0], max, input.limit)
  // the scores stay the strategy's own (still descending: the order is kept)
  return { products: capped, fallback: base.fallback }
}

/** How many of each anchor category's best sellers a `similar` list considers beside the neighbourhood. */
const SIMILAR_CATEGORY_CANDIDATES = 200

/**
 * A `similar` list's candidates and their similarity: the anchor's
 * neighbourhood (`input.affinity`) within its categories, and its categories'
 * best sellers, each scored by `similarity`. Only these may be shown.
 */
function similarSet(input: RankingInput): { affinity: Map<string, number>; include: (c: ProductCard) => boolean } {
  const anchor = input.anchor
  const categories = anchor?.categoryIds ?? new Set<string>()
  const cards = cardsById(input.catalog)
  const inCategories = (c: ProductCard) => c.category_ids.some((id) => categories.has(id))
  const anchors = new Set(anchor?.productIds ?? [])
  // the neighbourhood's products that may be shown, and the best of them as the scale
  const near: ProductCard[] = []
  let maxNeighbourhood = 0
  for (const [id, v] of input.affinity) {
    const c = cards.get(id)
    if (!c || anchors.has(id) || (categories.size && !inCategories(c))) continue
    near.push(c)
    maxNeighbourhood = Math.max(maxNeighbourhood, v)
  }
  const affinity = new Map<string, number>()
  const score = (c: ProductCard) =>
    affinity.set(c.id, similarity(input.affinity.get(c.id) ?? 0, maxNeighbourhood, priceCloseness(c.amount, anchor?.price ?? null)))
  for (const c of near) score(c)
  const orders = ordersOf(input.catalog, input.popularity)
  for (const id of categories) {
    for (const x of (orders.byCategory.get(id) ?? []).slice(0, SIMILAR_CATEGORY_CANDIDATES)) if (!affinity.has(x.card.id)) score(x.card)
  }
  const include = categories.size
    ? (c: ProductCard) => !anchors.has(c.id) && inCategories(c)
    : (c: ProductCard) => !anchors.has(c.id) && affinity.has(c.id)
  return { affinity, include }
}

function rankUncapped(input: RankingInput, relevant: Scored[], include?: (c: ProductCard) => boolean): RankingResult {
  const hasSales = input.popularity.size > 0
  const limit = Math.max(0, input.limit)
  const strategy = input.strategy
  const orders = ordersOf(input.catalog, input.popularity)
  const order = orders.order
  const why = reasonsOf(input)
  const rules = input.rules?.active ? input.rules.allows : null
  const allowed = (c: ProductCard) => !input.exclude.has(c.id) && (!rules || rules(c)) && (!include || include(c))

  if (isPriceStrategy(strategy)) {
    const bands = input.bands ?? DEFAULT_PRICE_BANDS
    const inBand = (c: ProductCard) => allowed(c) && priceInBand(strategy, c.amount, bands)
    const band = BANDS[strategy]
    const { products: ranked, fromRelevance } = ownRanking(relevant, order, inBand, limit, why, () => ({ kind: "in_price_band", band }))
    if (ranked.length >= limit) return { products: ranked, fallback: hasSales || fromRelevance ? null : "no_sales_history" }
    // A short band is filled with the products nearest to it in price (popularity breaks ties),
    // scored below every in-band product, and flagged: an empty list helps nobody.
    const nearest = order
      .filter((x) => allowed(x.card) && !priceInBand(strategy, x.card.amount, bands))
      .map((x, rank) => ({ x, d: distanceToBand(strategy, x.card.amount, bands), rank }))
      .sort((a, b) => a.d - b.d || a.rank - b.rank)
      .slice(0, limit - ranked.length)
    const floor = ranked.reduce((m, p) => Math.min(m, p.score), 1)
    const near: ProductReason = { kind: "near_price_band", band }
    const fill = nearest.map((n, i) => ({
      card: n.x.card,
      score: Math.max(floor * 0.5 * (1 - i / (nearest.length + 1)), 1e-6),
      reason: why.override?.(n.x) ?? near,
    }))
    return { products: [...ranked, ...fill], fallback: "price_band_short" }
  }

  const popularWhy = why.override ?? (() => POPULAR)
  if (strategy === "popular") {
    return { products: normalise(take(order, allowed, limit), popularWhy), fallback: hasSales ? null : "no_sales_history" }
  }
  let own: RankedProduct[] = []
  let emptyReason: RankingFallback = "no_sales_history"
  if (strategy === "category_match") {
    if (!input.categories.size) {
      emptyReason = "no_cart_categories"
    } else {
      // beyond relevance: overlap first, popularity as the tie-break within equal overlap
      // enough for the relevance picks it may skip, the excluded products and the list itself
      const byOverlap = categoryOrder(orders, input, 2 * limit + input.exclude.size)
      const inCategory = (x: Scored): ProductReason => ({
        kind: "in_category",
        category_id: x.card.category_ids.find((id) => input.categories.has(id)) ?? x.card.category_ids[0],
      })
      own = ownRanking(relevant, byOverlap, (c) => allowed(c) && overlapOf(c, input.categories) >= 1, limit, why, inCategory).products
      emptyReason = "no_category_matches"
    }
  }
  if (strategy === "personalized") {
    own = normalise(take(relevant, allowed, limit), why.relevant)
    emptyReason = "no_customer_history"
  }

  if (!own.length) {
    return { products: normalise(take(order, allowed, limit), popularWhy), fallback: emptyReason }
  }
  if (own.length >= limit) {
    return { products: own, fallback: null }
  }
  // Fill the rest from popular, scored below every own pick.
  const taken = new Set(own.map((x) => x.card.id))
  const minOwn = own.reduce((m, p) => Math.min(m, p.score), 1)
  const fill = normalise(take(order, (c) => allowed(c) && !taken.has(c.id), limit - own.length), popularWhy).map((p) => ({
    ...p,
    score: p.score * minOwn * 0.5,
  }))
  return { products: [...own, ...fill], fallback: "filled_from_popular" }
}
