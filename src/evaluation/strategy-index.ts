/**
 * The six strategies over a fixed catalogue, fast enough to replay a year of
 * baskets: lists are pre-sorted once, so a ranking is a short walk instead of
 * a sort. Each ranking is the same list `rankProducts` (src/learning/ranking.ts)
 * returns for the same inputs; a unit test holds the two together.
 */
import type { ProductCard } from "../learning/ranking"
import { PRICE_BANDS, distanceToBand, priceInBand, type PriceStrategy, type Strategy } from "../learning/strategies"

/** The shared relevance, asked for its best products within a set (what a strategy ranks its own set by). */
export interface Relevance {
  /** The k best products with relevance > 0, not excluded, passing `keep`: relevance desc, then price asc, then id. */
  top(k: number, exclude: ReadonlySet<string>, keep?: (id: string) => boolean): string[]
}

/** A `Relevance` over a Map of scores (tests; the replay uses the dense scorer). */
export function mapRelevance(affinity: ReadonlyMap<string, number>, index: StrategyIndex): Relevance {
  const sorted = [...affinity.entries()]
    .filter(([id, s]) => s > 0 && index.card(id))
    .sort((a, b) => b[1] - a[1] || index.card(a[0])!.amount - index.card(b[0])!.amount || a[0].localeCompare(b[0]))
    .map(([id]) => id)
  return {
    top(k, exclude, keep) {
      const out: string[] = []
      for (const id of sorted) {
        if (out.length >= k) break
        if (!exclude.has(id) && (!keep || keep(id))) out.push(id)
      }
      return out
    },
  }
}

export interface RankInput {
  exclude: ReadonlySet<string>
  categories: ReadonlySet<string>
  relevance: Relevance
}

export class StrategyIndex {
  /** All products by popularity (then price, then id): the `byScore` order of ranking.ts. */
  readonly popular: ProductCard[]
  protected readonly position = new Map<string, number>()
  protected readonly bands: Record<PriceStrategy, ProductCard[]>
  /** Per band, the other products nearest to it in price first: what fills a short band. */
  protected readonly nearBands: Record<PriceStrategy, ProductCard[]>
  protected readonly byCategory = new Map<string, ProductCard[]>()
  protected readonly cards = new Map<string, ProductCard>()

  constructor(catalog: readonly ProductCard[], readonly popularity: ReadonlyMap<string, number>) {
    this.popular = [...catalog].sort(
      (a, b) =>
        (popularity.get(b.id) ?? 0) - (popularity.get(a.id) ?? 0) ||
        a.amount - b.amount ||
        a.id.localeCompare(b.id)
    )
    this.popular.forEach((c, i) => {
      this.position.set(c.id, i)
      this.cards.set(c.id, c)
      for (const cat of c.category_ids) {
        const list = this.byCategory.get(cat) ?? []
        list.push(c)
        this.byCategory.set(cat, list)
      }
    })
    this.bands = Object.fromEntries(
      (Object.keys(PRICE_BANDS) as PriceStrategy[]).map((s) => [s, this.popular.filter((c) => priceInBand(s, c.amount))])
    ) as Record<PriceStrategy, ProductCard[]>
    this.nearBands = Object.fromEntries(
      (Object.keys(PRICE_BANDS) as PriceStrategy[]).map((s) => [
        s,
        this.popular
          .filter((c) => !priceInBand(s, c.amount))
          .sort((a, b) => distanceToBand(s, a.amount) - distanceToBand(s, b.amount) || this.position.get(a.id)! - this.position.get(b.id)!),
      ])
    ) as Record<PriceStrategy, ProductCard[]>
  }

  card(id: string): ProductCard | undefined {
    return this.cards.get(id)
  }

  protected take(list: readonly ProductCard[], exclude: ReadonlySet<string>, k: number, out: string[] = []): string[] {
    for (let i = 0; i < list.length && out.length < k; i++) {
      const id = list[i].id
      if (!exclude.has(id) && !out.includes(id)) out.push(id)
    }
    return out
  }

  /** Fills `out` up to k from the popular list (never repeating what is in it). */
  fill(out: string[], exclude: ReadonlySet<string>, k: number): string[] {
    return this.take(this.popular, exclude, k, out)
  }

  /** As `rankProducts`: each strategy's own set by relevance first, then by its own order. */
  rank(strategy: Strategy, input: RankInput, k: number): string[] {
    const { exclude, relevance } = input
    switch (strategy) {
      case "low_price":
      case "medium_price":
      case "high_price": {
        const own = relevance.top(k, exclude, (id) => priceInBand(strategy, this.cards.get(id)!.amount))
        return this.take(this.nearBands[strategy], exclude, k, this.take(this.bands[strategy], exclude, k, own))
      }
      case "popular":
        return this.take(this.popular, exclude, k)
      case "category_match": {
        if (!input.categories.size) return this.take(this.popular, exclude, k)
        const inCategories = (c: ProductCard) => c.category_ids.some((cat) => input.categories.has(cat))
        const own = relevance.top(k, exclude, (id) => inCategories(this.cards.get(id)!))
        // then the categories' products by overlap, then their position in the popular list
        const heads: ProductCard[] = []
        for (const cat of input.categories) {
          heads.push(...this.take(this.byCategory.get(cat) ?? [], exclude, k, []).map((id) => this.cards.get(id)!))
        }
        const overlap = (c: ProductCard) => c.category_ids.filter((cat) => input.categories.has(cat)).length
        const rest = [...new Set(heads)]
          .sort((a, b) => overlap(b) - overlap(a) || this.position.get(a.id)! - this.position.get(b.id)!)
        const ranked = this.take(rest, exclude, k, own)
        return ranked.length ? this.fill(ranked, exclude, k) : this.take(this.popular, exclude, k)
      }
      case "personalized":
        return this.fill(relevance.top(k, exclude), exclude, k)
    }
  }
}
