import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { DEFAULT_ANCHOR_WEIGHT, DEFAULT_HISTORY_WEIGHT, affinityReasons, personalAffinity } from "../../../learning/co-purchase"
import type { Anchor, Intent } from "../../../learning/intents"
import { cardsById, rankProducts, type ProductReason, type RankingResult } from "../../../learning/ranking"
import type { Strategy } from "../../../learning/strategies"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"
import type { Placement } from "../../../learning/state"
import { getCatalog, type CatalogKey } from "../catalog"
import { rulesFor } from "../rules"

export type SelectProductsInput = {
  strategy: Strategy
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

/** Turns the chosen strategy into concrete products, each with the reason it was shown. */
export async function selectProducts(container: MedusaContainer, input: SelectProductsInput) {
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const [catalog, activeRules] = await Promise.all([
    getCatalog(query, rl, input.catalog_key, container.resolve(ContainerRegistrationKeys.LOGGER)),
    rl.getActiveRules(),
  ])
  const rules = await rulesFor(query, activeRules, catalog, input.catalog_key, input.placement)
  const anchorIds = input.product_id ? [input.product_id] : input.cart_product_ids
  let affinity = new Map<string, number>()
  let reasons: Map<string, ProductReason> | undefined
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
    if (input.strategy !== "popular") affinity = await rl.getNeighbourhood(anchorIds)
  } else if (input.strategy !== "popular") {
    // the shared relevance every other strategy ranks its own set by: co-purchases of the page's
    // product and the cart first, the customer's top products (and re-buying them) weighing less
    const related = await rl.getRelevance({
      cartProductIds: input.cart_product_ids,
      historyProductIds: input.history_product_ids,
      historyWeight: DEFAULT_HISTORY_WEIGHT,
      anchorIds: input.product_id ? [input.product_id] : [],
      anchorWeight: DEFAULT_ANCHOR_WEIGHT,
    })
    affinity = personalAffinity(related.cart, related.history, input.history_product_ids)
    reasons = affinityReasons(related, input.history_product_ids)
  }
  const result: RankingResult = rankProducts({
    strategy: input.strategy,
    intent: input.intent,
    anchor,
    catalog: catalog.cards,
    exclude: new Set([...input.cart_product_ids, ...(input.product_id ? [input.product_id] : [])]),
    categories: new Set(input.category_ids),
    popularity: catalog.popularity,
    affinity,
    reasons,
    rules,
    limit: input.limit,
    bands: catalog.priceBands,
  }, { maxPerCategory: rl.getOptions().maxPerCategory })
  const { source, low, high } = catalog.priceBands
  return { ...result, price_bands: { low, high, source } }
}
