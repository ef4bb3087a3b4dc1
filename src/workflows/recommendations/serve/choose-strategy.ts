import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { StateContext } from "../../../learning/state"
import type { ExplorationGuard } from "../../../learning/exploration-guard"
import { armChoice, assignArm } from "../../../learning/experiments"
import { drawFrom, fillQ, policyProbabilities, selectStrategy, type PolicyChoice, type QValues } from "../../../learning/policy"
import { mostFrequent } from "../../../learning/profile"
import { createRng } from "../../../learning/rng"
import type { Strategy } from "../../../learning/strategies"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"
import { explorableOf, guardOf } from "../../../modules/rl-agent/service"
import { getCatalog, type CatalogKey } from "../catalog"

export type CompleteStateInput = {
  state: StateContext
  /** The product page's product: its category comes before the cart's. */
  product_id: string | null
  cart_product_ids: string[]
  history_product_ids: string[]
  catalog_key: CatalogKey
}

/**
 * Completes the state with the category preference: the page product's
 * category, else the cart's dominant one, else the customer's. Returns the
 * categories the `category_match` list is built from.
 */
export async function completeState(container: MedusaContainer, input: CompleteStateInput) {
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
  const category_ids = preferredId ? [...new Set([...categoriesOf(page), ...categoriesOf(input.cart_product_ids), preferredId])] : []
  return { state, category_ids }
}

export type ChooseStrategyInput = {
  state: StateContext
  /** who the running experiment assigns (the customer, else the session, else the cart); null: no experiment */
  unit: string | null
  /** The strategies of `candidates` exploration may try on this request under the merchant's guard (the ranker checks each list). */
  explorable: (candidates: Strategy[], guard: ExplorationGuard) => Promise<Strategy[]>
  seed?: number
}

export type ShadowChoice = { id: string; strategy: Strategy; probabilities: QValues }

const rngFor = (seed: number | undefined, offset: number) => createRng(seed === undefined ? undefined : seed + offset)

/**
 * Asks the agent for a strategy, exploring only where the merchant's guard
 * rail allows on this request. While an experiment runs, the shopper's arm
 * decides what is served (the agent's choice on the agent's arm, a
 * snapshot's on a model arm); while a shadow runs, its own draw and its
 * probabilities are computed under the same rail and returned for the log.
 */
export async function chooseStrategy(container: MedusaContainer, input: ChooseStrategyInput) {
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const agent = await rl.getCachedAgent()
  const explorable = await input.explorable(explorableOf(agent), guardOf(agent))
  const decision = await rl.decide(input.state, { seed: input.seed, explorable })
  const [experiment, shadowRow] = await Promise.all([input.unit ? rl.getRunningExperiment() : null, rl.getRunningShadow()])

  let arm = experiment ? assignArm(experiment.id, input.unit!, experiment.arms) : null
  let model: PolicyChoice | null = null
  if (arm?.kind === "model") {
    const candidate = await rl.getCandidateQ(arm.snapshot_id, input.state)
    // its snapshot was deleted mid-experiment: the agent serves, and the decision is in no arm
    if (candidate) model = selectStrategy(candidate.q, arm.epsilon ?? candidate.epsilon ?? agent.epsilon, rngFor(input.seed, 3), explorable)
    else arm = null
  }
  const choice = arm ? armChoice(arm, decision.choice, rngFor(input.seed, 1), explorable, model) : decision.choice

  let shadow: ShadowChoice | null = null
  if (shadowRow) {
    const candidate = shadowRow.snapshot_id ? await rl.getCandidateQ(shadowRow.snapshot_id, input.state) : { q: decision.choice.q, epsilon: null }
    if (candidate) {
      const probabilities = policyProbabilities(fillQ(candidate.q), shadowRow.epsilon ?? candidate.epsilon ?? agent.epsilon, explorable)
      shadow = { id: shadowRow.id, strategy: drawFrom(probabilities, rngFor(input.seed, 2)), probabilities }
    }
  }
  return {
    state: input.state,
    state_key: decision.stateKey,
    choice,
    explorable,
    experiment: experiment && arm ? { id: experiment.id, arm: arm.key } : null,
    shadow,
    epsilon: decision.agent.epsilon,
    model_version: decision.agent.model_version,
  }
}
