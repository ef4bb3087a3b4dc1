import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { DEFAULT_ANCHOR_WEIGHT, DEFAULT_HISTORY_WEIGHT, affinityReasons, personalAffinity } from "../../../learning/co-purchase"
import type { Anchor, Intent } from "../../../learning/intents"
import type { CompiledRules } from "../../../learning/merchandising"
import { cardsById, rankProducts, type ProductReason, type RankingResult } from "../../../learning/ranking"
import type { Strategy } from "../../../learning/strategies"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"
import type { Placement } from "../../../learning/state"
import { getCatalog, type CatalogKey, type CatalogPriceBands } from "../catalog"
import { rulesFor } from "../rules"

export type PrepareRankingInput = {
  intent: Intent
  placement: Placement
  catalog_key: CatalogKey
  /** The product page's product, if any: never shown, and the list is built around it. */
  product_id: string | null
  cart_product_ids: string[]
  history_product_ids: string[]
  category_ids: string[]
  limit: number
}

type Relevance = { affinity: Map<string, number>; reasons?: Map<string, ProductReason> }

export type Ranker = {
  /** The merchant's rules for this request (what every list obeys). */
  rules: CompiledRules
  /** One strategy's list for this shopper; `rules` replaces the merchant's (the exploration guard adds a stock level). */
  rank(strategy: Strategy, rules?: CompiledRules): Promise<RankingResult & { price_bands: Pick<CatalogPriceBands, "low" | "high" | "source"> }>
}

/**
 * Loads what every strategy's list for one shopper reads — the catalogue,
 * the rules, and (once, on the first strategy that needs it) the shopper's
 * relevance — so the exploration guard can rank several strategies and the
 * served one costs nothing more.
 */
export async function prepareRanking(container: MedusaContainer, input: PrepareRankingInput): Promise<Ranker> {
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const [catalog, activeRules] = await Promise.all([
    getCatalog(query, rl, input.catalog_key, container.resolve(ContainerRegistrationKeys.LOGGER)),
    rl.getActiveRules(),
  ])
  const rules = await rulesFor(query, activeRules, catalog, input.catalog_key, input.placement)
  const anchorIds = input.product_id ? [input.product_id] : input.cart_product_ids
  let anchor: Anchor | undefined
  if (input.intent === "similar") {
    // substitutes for the page's product (else the cart's): its neighbourhood, categories and price
    const cards = cardsById(catalog.cards)
    const prices = anchorIds.map((id) => cards.get(id)?.amount).filter((a): a is number => a !== undefined)
    anchor = {
      productIds: anchorIds,
      categoryIds: new Set(anchorIds.flatMap((id) => catalog.categoriesByProduct.get(id) ?? [])),
      price: prices.length ? prices.reduce((a, b) => a + b, 0) / prices.length : null,
    }
  }
  let relevance: Promise<Relevance> | null = null
  const relevanceOf = (): Promise<Relevance> =>
    (relevance ??= (async () => {
      if (anchor) return { affinity: await rl.getNeighbourhood(anchorIds) }
      // the shared relevance every other strategy ranks its own set by: co-purchases of the page's
      // product and the cart first, the customer's top products (and re-buying them) weighing less
      const related = await rl.getRelevance({
        cartProductIds: input.cart_product_ids,
        historyProductIds: input.history_product_ids,
        historyWeight: DEFAULT_HISTORY_WEIGHT,
        anchorIds: input.product_id ? [input.product_id] : [],
        anchorWeight: DEFAULT_ANCHOR_WEIGHT,
      })
      return {
        affinity: personalAffinity(related.cart, related.history, input.history_product_ids),
        reasons: affinityReasons(related, input.history_product_ids),
      }
    })())
  const exclude = new Set([...input.cart_product_ids, ...(input.product_id ? [input.product_id] : [])])
  const categories = new Set(input.category_ids)
  const { source, low, high } = catalog.priceBands
  // under the request's own rules a strategy is ranked once: the guard's check of the served strategy is its list
  const ranked = new Map<Strategy, ReturnType<Ranker["rank"]>>()
  const rankOnce: Ranker["rank"] = async (strategy, override) => {
    // `popular` reads no relevance
    const r: Relevance = strategy === "popular" ? { affinity: new Map() } : await relevanceOf()
    const result = rankProducts(
      {
        strategy,
        intent: input.intent,
        anchor,
        catalog: catalog.cards,
        exclude,
        categories,
        popularity: catalog.popularity,
        affinity: r.affinity,
        reasons: r.reasons,
        rules: override ?? rules,
        limit: input.limit,
        bands: catalog.priceBands,
      },
      { maxPerCategory: rl.getOptions().maxPerCategory }
    )
    return { ...result, price_bands: { low, high, source } }
  }
  return {
    rules,
    rank(strategy, override) {
      if (override && override !== rules) return rankOnce(strategy, override)
      if (!ranked.has(strategy)) ranked.set(strategy, rankOnce(strategy))
      return ranked.get(strategy)!
    },
  }
}
