import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { DEFAULT_HISTORY_WEIGHT, personalAffinity } from "../../../learning/co-purchase"
import { rankProducts, type RankingResult } from "../../../learning/ranking"
import type { Strategy } from "../../../learning/strategies"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"
import { getCatalog, type CatalogKey } from "../catalog"

export type SelectProductsInput = {
  strategy: Strategy
  catalog_key: CatalogKey
  cart_product_ids: string[]
  history_product_ids: string[]
  category_ids: string[]
  limit: number
}

/** Turns the chosen strategy into concrete products. */
export async function selectProducts(container: MedusaContainer, input: SelectProductsInput) {
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const catalog = await getCatalog(container.resolve(ContainerRegistrationKeys.QUERY), rl, input.catalog_key, container.resolve(ContainerRegistrationKeys.LOGGER))
  let affinity = new Map<string, number>()
  if (input.strategy !== "popular") {
    // the shared relevance every other strategy ranks its own set by: co-purchases of the cart
    // first, the customer's top products (and re-buying them) weighing less
    const related = await rl.getRelevance(input.cart_product_ids, input.history_product_ids, DEFAULT_HISTORY_WEIGHT)
    affinity = personalAffinity(related.cart, related.history, input.history_product_ids)
  }
  const result: RankingResult = rankProducts({
    strategy: input.strategy,
    catalog: catalog.cards,
    exclude: new Set(input.cart_product_ids),
    categories: new Set(input.category_ids),
    popularity: catalog.popularity,
    affinity,
    limit: input.limit,
    bands: catalog.priceBands,
  }, { maxPerCategory: rl.getOptions().maxPerCategory })
  const { source, low, high } = catalog.priceBands
  return { ...result, price_bands: { low, high, source } }
}
