/**
 * The six strategies over a fixed catalogue, fast enough to replay a year of
 * baskets: lists are pre-sorted once, so a ranking is a short walk instead of
 * a sort. Each ranking is the same list `rankProducts` (src/learning/ranking.ts)
 * returns for the same inputs; a unit test holds the two together.
 */
import type { ProductCard } from "../learning/ranking"
import { PRICE_BANDS, distanceToBand, priceInBand, type PriceStrategy, type Strategy } from "../learning/strategies"

export interface RankInput {
  exclude: ReadonlySet<string>
  categories: ReadonlySet<string>
  affinity: ReadonlyMap<string, number>
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

  rank(strategy: Strategy, input: RankInput, k: number): string[] {
    switch (strategy) {
      case "low_price":
      case "medium_price":
      case "high_price":
        return this.take(this.nearBands[strategy], input.exclude, k, this.take(this.bands[strategy], input.exclude, k))
      case "popular":
        return this.take(this.popular, input.exclude, k)
      case "category_match": {
        if (!input.categories.size) return this.take(this.popular, input.exclude, k)
        // products of the categories, by their position in the popular list
        const heads: ProductCard[] = []
        for (const cat of input.categories) {
          heads.push(...this.take(this.byCategory.get(cat) ?? [], input.exclude, k).map((id) => this.cards.get(id)!))
        }
        const own = [...new Set(heads)]
          .sort((a, b) => this.position.get(a.id)! - this.position.get(b.id)!)
          .slice(0, k)
          .map((c) => c.id)
        return own.length ? this.fill(own, input.exclude, k) : this.take(this.popular, input.exclude, k)
      }
      case "personalized": {
        const own: Array<{ card: ProductCard; s: number }> = []
        for (const [id, s] of input.affinity) {
          const card = this.cards.get(id)
          if (card && s > 0 && !input.exclude.has(id)) own.push({ card, s })
        }
        own.sort((a, b) => b.s - a.s || a.card.amount - b.card.amount || a.card.id.localeCompare(b.card.id))
        const ids = own.slice(0, k).map((x) => x.card.id)
        return this.fill(ids, input.exclude, k)
      }
    }
  }
}
