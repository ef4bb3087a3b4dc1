import { WorkflowResponse, createWorkflow, transform } from "@medusajs/framework/workflows-sdk"
import { explainChoice } from "../../../learning/policy"
import { featuresOf, type Device } from "../../../learning/state"
import { rankForShopper } from "../rank-for-shopper"
import { recommendedProducts } from "../response"

export type PreviewRecommendationInput = {
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

export const previewRecommendationWorkflowId = "rl-preview-recommendation"

/**
 * The admin tester: the same state, policy and ranking as a storefront
 * recommendation, with the Q value of every strategy and the reason for the
 * choice — and no decision logged, so testing never teaches the agent or
 * shows in the metrics.
 */
export const previewRecommendationWorkflow = createWorkflow(
  previewRecommendationWorkflowId,
  (input: PreviewRecommendationInput) => {
    const { shopper, decided, ranking } = rankForShopper(input)
    const preview = transform({ shopper, decided, ranking }, ({ shopper, decided, ranking }) => ({
      state_key: decided.state_key,
      features: featuresOf(decided.state),
      model_version: decided.model_version,
      epsilon: decided.epsilon,
      strategy: decided.choice.strategy,
      explored: decided.choice.explored,
      propensity: decided.choice.propensity,
      greedy: decided.choice.greedy,
      q_values: decided.choice.q,
      reason: explainChoice(decided.choice, decided.epsilon),
      cart_product_ids: shopper.cart_product_ids,
      fallback: ranking.fallback,
      region: shopper.region,
      price_bands: ranking.price_bands,
      products: recommendedProducts(ranking.products),
    }))
    return new WorkflowResponse(preview)
  }
)
