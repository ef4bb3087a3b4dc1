/**
 * Basket-completion metrics of one ranked list against the hidden products.
 */
import type { BasketLine } from "./dataset"

export interface EventScore {
  hit: number
  recall: number
  ndcg: number
  revenue: number
  /** A hit on a product the customer had bought before (the next-basket "reality check" split)… */
  hit_repeat: number
  /** …and on one they had not. */
  hit_new: number
}

export const METRICS = ["hit", "recall", "ndcg", "revenue", "hit_repeat", "hit_new"] as const
export type Metric = (typeof METRICS)[number]

export const METRIC_LABELS: Record<Metric, string> = {
  hit: "HitRate@10",
  recall: "Recall@10",
  ndcg: "NDCG@10",
  revenue: "Revenue@10 (£)",
  hit_repeat: "HitRate@10 repeat",
  hit_new: "HitRate@10 new",
}

/**
 * HitRate (any hidden product listed), Recall (share of hidden products
 * listed), NDCG with binary relevance, and Revenue (quantity × price of the
 * hidden products listed, quantity capped at `quantityCap`).
 */
export function scoreList(
  list: readonly string[],
  hidden: readonly BasketLine[],
  k: number,
  quantityCap: number,
  bought?: ReadonlyMap<string, unknown>
): EventScore {
  const byProduct = new Map(hidden.map((h) => [h.product, h]))
  let hits = 0
  let repeat = 0
  let dcg = 0
  let revenue = 0
  const n = Math.min(k, list.length)
  for (let i = 0; i < n; i++) {
    const h = byProduct.get(list[i])
    if (!h) continue
    hits++
    if (bought?.has(list[i])) repeat++
    dcg += 1 / Math.log2(i + 2)
    revenue += Math.min(h.quantity, quantityCap) * h.price
  }
  let idcg = 0
  for (let i = 0; i < Math.min(k, hidden.length); i++) idcg += 1 / Math.log2(i + 2)
  return {
    hit: hits > 0 ? 1 : 0,
    recall: hidden.length ? hits / hidden.length : 0,
    ndcg: idcg > 0 ? dcg / idcg : 0,
    revenue,
    hit_repeat: repeat > 0 ? 1 : 0,
    hit_new: hits - repeat > 0 ? 1 : 0,
  }
}
