import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { StateContext } from "../../../learning/state"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"
import { getCatalog, type CatalogKey } from "../catalog"
import { mostFrequent } from "../../../learning/profile"

export type ChooseStrategyInput = {
  state: StateContext
  /** The product page's product: its category comes before the cart's. */
  product_id: string | null
  cart_product_ids: string[]
  history_product_ids: string[]
  catalog_key: CatalogKey
  seed?: number
}

/**
 * Completes the state with the category preference (the page product's
 * category, else the cart's dominant one, else the customer's) and asks the
 * agent for a strategy.
 */
export async function chooseStrategy(container: MedusaContainer, input: ChooseStrategyInput) {
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const catalog = await getCatalog(container.resolve(ContainerRegistrationKeys.QUERY), rl, input.catalog_key, container.resolve(ContainerRegistrationKeys.LOGGER))
  const categoriesOf = (ids: string[]) => ids.flatMap((id) => catalog.categoriesByProduct.get(id) ?? [])
  const page = input.product_id ? [input.product_id] : []
  const preferredId =
    mostFrequent(categoriesOf(page)) ??
    mostFrequent(categoriesOf(input.cart_product_ids)) ??
    mostFrequent(categoriesOf(input.history_product_ids))
  const state: StateContext = {
    ...input.state,
    categoryPreference: preferredId ? catalog.categoryHandles.get(preferredId) ?? null : null,
  }
  const decision = await rl.decide(state, { seed: input.seed })
  return {
    state,
    state_key: decision.stateKey,
    choice: decision.choice,
    epsilon: decision.agent.epsilon,
    model_version: decision.agent.model_version,
    category_ids: preferredId
      ? [...new Set([...categoriesOf(page), ...categoriesOf(input.cart_product_ids), preferredId])]
      : [],
  }
}
