import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { StateContext } from "../../../learning/state"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"
import { getCatalog, type CatalogKey } from "../catalog"
import { armChoice, assignArm } from "../../../learning/experiments"
import { mostFrequent } from "../../../learning/profile"
import { createRng } from "../../../learning/rng"

export type ChooseStrategyInput = {
  state: StateContext
  /** The product page's product: its category comes before the cart's. */
  product_id: string | null
  cart_product_ids: string[]
  history_product_ids: string[]
  catalog_key: CatalogKey
  /** who the running experiment assigns (the customer, else the session, else the cart); null: no experiment */
  unit: string | null
  seed?: number
}

/**
 * Completes the state with the category preference (the page product's
 * category, else the cart's dominant one, else the customer's) and asks the
 * agent for a strategy; while an experiment runs, the shopper's arm decides
 * what is served (the agent's choice on the agent's arm).
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
  const experiment = input.unit ? await rl.getRunningExperiment() : null
  const arm = experiment ? assignArm(experiment.id, input.unit!, experiment.arms) : null
  const choice = arm ? armChoice(arm, decision.choice, createRng(input.seed === undefined ? undefined : input.seed + 1)) : decision.choice
  return {
    state,
    state_key: decision.stateKey,
    choice,
    experiment: experiment && arm ? { id: experiment.id, arm: arm.key } : null,
    epsilon: decision.agent.epsilon,
    model_version: decision.agent.model_version,
    category_ids: preferredId
      ? [...new Set([...categoriesOf(page), ...categoriesOf(input.cart_product_ids), preferredId])]
      : [],
  }
}
