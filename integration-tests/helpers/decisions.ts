import type RlAgentModuleService from "../../src/modules/rl-agent/service"

/** A decision row as the recommendation workflow would log it. */
export async function makeDecision(service: RlAgentModuleService, overrides: Record<string, unknown> = {}) {
  const agent = await service.getAgent()
  return service.createRlDecisions({
    customer_hash: null,
    cart_id: "cart_1",
    session_id: null,
    region_id: null,
    currency_code: "gbp",
    features: {},
    state_key: "s1",
    strategy: "popular",
    explored: false,
    propensity: 1,
    epsilon: agent.epsilon,
    q_values: {},
    products: [],
    product_ids: ["prod_a"],
    fallback: null,
    model_version: agent.model_version,
    ...overrides,
  } as any)
}
