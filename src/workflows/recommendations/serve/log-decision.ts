import type { MedusaContainer } from "@medusajs/framework/types"
import type { PolicyChoice } from "../../../learning/policy"
import type { RankingResult } from "../../../learning/ranking"
import type { Intent } from "../../../learning/intents"
import { featuresOf, type Placement, type StateContext } from "../../../learning/state"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"
import type { ShadowChoice } from "./choose-strategy"

export type LogDecisionInput = {
  placement: Placement
  intent: Intent
  /** The product page's product. */
  product_id: string | null
  state: StateContext
  state_key: string
  choice: PolicyChoice
  epsilon: number
  model_version: number
  ranking: RankingResult
  cart_id: string | null
  customer_id: string | null
  region_id: string
  currency_code: string
  experiment: { id: string; arm: string } | null
  /** the shadow candidate's draw and probabilities, logged beside the served choice */
  shadow: ShadowChoice | null
}

/** Writes the decision log row; the customer id is stored only as a keyed hash. */
export async function logDecision(container: MedusaContainer, input: LogDecisionInput): Promise<{ id: string }> {
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const customerHash = rl.hashCustomerId(input.customer_id)
  const features = featuresOf({ ...input.state, customerId: customerHash })
  const decision = await rl.logDecision({
    placement: input.placement,
    intent: input.intent,
    anchor_product_id: input.product_id,
    customer_hash: customerHash,
    cart_id: input.cart_id,
    session_id: input.state.sessionId,
    region_id: input.region_id,
    currency_code: input.currency_code,
    features,
    state_key: input.state_key,
    strategy: input.choice.strategy,
    explored: input.choice.explored,
    propensity: input.choice.propensity,
    epsilon: input.epsilon,
    q_values: input.choice.q,
    products: input.ranking.products.map((p) => ({
      id: p.card.id,
      variant_id: p.card.variant_id,
      amount: p.card.amount,
      score: p.score,
      reason: p.reason,
    })),
    product_ids: input.ranking.products.map((p) => p.card.id),
    fallback: input.ranking.fallback,
    model_version: input.model_version,
    experiment_id: input.experiment?.id ?? null,
    arm: input.experiment?.arm ?? null,
    shadow_id: input.shadow?.id ?? null,
    shadow_strategy: input.shadow?.strategy ?? null,
    shadow_probabilities: input.shadow?.probabilities ?? null,
  })
  return decision
}
