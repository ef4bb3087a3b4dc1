/**
 * What a list is for. `complementary`: products bought with the anchor (the
 * page's product, else the cart), the co-purchase relevance every strategy
 * ranks by. `similar`: substitutes for the anchor, which are rarely bought
 * with it but with the same things: products of its categories, scored by
 * the two-step co-purchase neighbourhood (bought with what it is bought
 * with) and by how close their price is.
 */
export const INTENTS = ["complementary", "similar"] as const
export type Intent = (typeof INTENTS)[number]

/** The products a list is built around, with what a `similar` list needs to know of them. */
export interface Anchor {
  productIds: readonly string[]
  /** The anchors' categories: a similar product shares one (none known: the neighbourhood alone decides). */
  categoryIds: ReadonlySet<string>
  /** The anchors' mean price in the catalogue's currency, null when none is on sale now. */
  price: number | null
}

/** 1 at the anchor's price, 1/2 at twice or half of it, 1/3 at three times: symmetric in ratio. */
export function priceCloseness(amount: number, anchorPrice: number | null): number {
  if (anchorPrice === null || !(anchorPrice > 0) || !(amount > 0)) return 1
  const ratio = amount > anchorPrice ? amount / anchorPrice : anchorPrice / amount
  return 1 / ratio
}

/** A product in the anchor's neighbourhood outranks one that only shares its category. */
export const CATEGORY_ONLY_WEIGHT = 0.2

/**
 * A candidate's similarity: price closeness × (CATEGORY_ONLY_WEIGHT plus the
 * rest by its neighbourhood score against the best candidate's).
 */
export function similarity(neighbourhood: number, maxNeighbourhood: number, closeness: number): number {
  const n = maxNeighbourhood > 0 ? neighbourhood / maxNeighbourhood : 0
  return closeness * (CATEGORY_ONLY_WEIGHT + (1 - CATEGORY_ONLY_WEIGHT) * n)
}
