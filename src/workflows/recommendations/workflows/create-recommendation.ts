import { WorkflowResponse, createWorkflow, transform } from "@medusajs/framework/workflows-sdk"
import type { Device } from "../../../learning/state"
import { rankForShopper } from "../rank-for-shopper"
import { recommendationResponse, recommendedProducts } from "../response"
import { logDecisionStep } from "../steps/log-decision"
import { scheduleAbandonmentCheckStep } from "../steps/schedule-abandonment-check"

export type CreateRecommendationInput = {
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

export const createRecommendationWorkflowId = "rl-create-recommendation"

/**
 * Serves one recommendation: state → strategy (ε-greedy on the Q-table) →
 * products → decision log.
 */
export const createRecommendationWorkflow = createWorkflow(
  createRecommendationWorkflowId,
  (input: CreateRecommendationInput) => {
    const { shopper, decided, ranking } = rankForShopper(input)
    const decision = logDecisionStep({
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
    })
    const scheduled = scheduleAbandonmentCheckStep({ decision_id: decision.id, cart_id: shopper.cart_id })
    const recommendation = transform({ decision, ranking, decided, scheduled, shopper }, ({ decision, ranking, decided, scheduled, shopper }) =>
      recommendationResponse({
        id: decision.id,
        strategy: decided.choice.strategy,
        explored: decided.choice.explored,
        propensity: decided.choice.propensity,
        model_version: decided.model_version,
        fallback: ranking.fallback,
        // the reward queue is unreachable: served and logged, its learning jobs wait in the outbox
        degraded: scheduled.degraded,
        region: shopper.region,
        price_bands: ranking.price_bands,
        products: recommendedProducts(ranking.products),
      })
    )
    return new WorkflowResponse(recommendation)
  }
)
