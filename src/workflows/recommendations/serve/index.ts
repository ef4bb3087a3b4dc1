/**
 * The recommendation read path: the shopper's state → the policy's strategy
 * → the strategy's products, then (for a storefront) the decision log.
 * Plain functions over the container, not a workflow: like Medusa's own
 * store reads (Query in the route), it runs no workflow engine, whose bookkeeping per step cost most of a
 * recommendation's time (docs/performance.md). Nothing here needs a
 * compensation: the decision insert is the only write. Its abandonment check
 * is not scheduled here: the worker's sweep enqueues it when the window
 * closes (services/maintenance.ts), so no job per decision waits in Redis.
 *
 * The storefront route and the admin tester share `rankForShopper`.
 */
import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { Recommendation } from "../../../../packages/storefront/src/types"
import type { Intent } from "../../../learning/intents"
import { explainChoice } from "../../../learning/policy"
import { featuresOf, type Device, type Placement } from "../../../learning/state"
import { recommendationResponse, recommendedProducts } from "../response"
import { guardedExplorable } from "../../../learning/exploration-guard"
import { chooseStrategy, completeState } from "./choose-strategy"
import { loadShopperContext, type LoadShopperContextInput } from "./load-shopper-context"
import { logDecision } from "./log-decision"
import { prepareRanking } from "./prepare-ranking"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"

export type RankForShopperInput = LoadShopperContextInput & { intent?: Intent; limit: number; seed?: number }

export async function rankForShopper(container: MedusaContainer, input: RankForShopperInput) {
  const shopper = await loadShopperContext(container, input)
  const intent: Intent = input.intent ?? "complementary"
  const { state, category_ids } = await completeState(container, {
    state: shopper.state,
    product_id: shopper.product_id,
    cart_product_ids: shopper.cart_product_ids,
    history_product_ids: shopper.history_product_ids,
    catalog_key: shopper.catalog_key,
  })
  const ranker = await prepareRanking(container, {
    intent,
    placement: shopper.placement,
    product_id: shopper.product_id,
    catalog_key: shopper.catalog_key,
    cart_product_ids: shopper.cart_product_ids,
    history_product_ids: shopper.history_product_ids,
    category_ids,
    limit: input.limit,
  })
  const decided = await chooseStrategy(container, {
    state,
    unit: shopper.customer_id ?? shopper.state.sessionId ?? shopper.cart_id,
    // the guard rail ranks each strategy ε may try for this shopper: only lists that fill on their own
    explorable: (candidates, guard) => guardedExplorable(candidates, guard, ranker.rules, input.limit, ranker.rank),
    seed: input.seed,
  })
  const ranking = await ranker.rank(decided.choice.strategy)
  return { shopper, decided, ranking, intent }
}

export type ServeRecommendationInput = {
  placement?: Placement
  product_id?: string
  intent?: Intent
  cart_id?: string
  customer_id?: string | null
  sales_channel_ids: string[]
  region_id?: string
  country_code?: string
  limit: number
  device?: Device
  session_id?: string
  /** Makes the ε draw reproducible (tests and replays). */
  seed?: number
}

/** Serves one storefront recommendation: state → strategy (ε-greedy on the Q-table) → products → decision log. */
export async function serveRecommendation(container: MedusaContainer, input: ServeRecommendationInput): Promise<Recommendation> {
  const { shopper, decided, ranking, intent } = await rankForShopper(container, input)
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const decision = await logDecision(container, {
    placement: shopper.placement,
    intent,
    product_id: shopper.product_id,
    state: decided.state,
    state_key: decided.state_key,
    choice: decided.choice,
    epsilon: decided.epsilon,
    model_version: decided.model_version,
    ranking,
    cart_id: shopper.cart_id,
    customer_id: shopper.customer_id,
    region_id: shopper.catalog_key.regionId,
    currency_code: shopper.catalog_key.currencyCode,
    experiment: decided.experiment,
    shadow: decided.shadow,
  })
  if (rl.getOptions().structuredLogs) {
    container.resolve<Logger>(ContainerRegistrationKeys.LOGGER).info(
      JSON.stringify({
        event: "rl.decision",
        decision_id: decision.id,
        placement: shopper.placement,
        intent,
        state_key: decided.state_key,
        strategy: decided.choice.strategy,
        explored: decided.choice.explored,
        propensity: decided.choice.propensity,
        epsilon: decided.epsilon,
        model_version: decided.model_version,
        experiment_id: decided.experiment?.id ?? null,
        arm: decided.experiment?.arm ?? null,
        shadow_id: decided.shadow?.id ?? null,
        shadow_strategy: decided.shadow?.strategy ?? null,
        product_ids: ranking.products.map((p) => p.card.id),
        fallback: ranking.fallback ?? null,
        region_id: shopper.catalog_key.regionId,
        currency_code: shopper.catalog_key.currencyCode,
      })
    )
  }
  return recommendationResponse({
    id: decision.id,
    feedback_token: rl.signFeedbackToken(decision.id),
    placement: shopper.placement,
    intent,
    product_id: shopper.product_id,
    strategy: decided.choice.strategy,
    explored: decided.choice.explored,
    propensity: decided.choice.propensity,
    model_version: decided.model_version,
    fallback: ranking.fallback,
    // the reward queue is unreachable: served and logged, its learning jobs wait in the outbox
    degraded: !rl.isQueueAvailable(),
    region: shopper.region,
    price_bands: ranking.price_bands,
    products: recommendedProducts(ranking.products),
  })
}

export type PreviewRecommendationInput = {
  placement?: Placement
  product_id?: string
  intent?: Intent
  customer_id?: string | null
  cart_id?: string
  items?: Array<{ product_id: string; quantity: number }>
  /** The store's default sales channel: the admin has no publishable key. */
  sales_channel_ids: string[]
  region_id?: string
  country_code?: string
  limit: number
  device?: Device
  seed?: number
}

/**
 * The admin tester: the same state, policy and ranking as a storefront
 * recommendation, with the Q value of every strategy and the reason for the
 * choice — and no decision logged, so testing never teaches the agent or
 * shows in the metrics.
 */
export async function previewRecommendation(container: MedusaContainer, input: PreviewRecommendationInput) {
  const { shopper, decided, ranking, intent } = await rankForShopper(container, input)
  return {
    placement: shopper.placement,
    intent,
    product_id: shopper.product_id,
    state_key: decided.state_key,
    features: featuresOf(decided.state),
    model_version: decided.model_version,
    epsilon: decided.epsilon,
    strategy: decided.choice.strategy,
    explored: decided.choice.explored,
    propensity: decided.choice.propensity,
    greedy: decided.choice.greedy,
    // what exploration could try for this shopper (the merchant's set, less any strategy the guard rail refused here)
    explorable: decided.explorable,
    q_values: decided.choice.q,
    reason: explainChoice(decided.choice, decided.epsilon),
    cart_product_ids: shopper.cart_product_ids,
    fallback: ranking.fallback,
    region: shopper.region,
    price_bands: ranking.price_bands,
    products: recommendedProducts(ranking.products),
  }
}
