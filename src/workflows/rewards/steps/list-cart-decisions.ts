import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"

/** Decisions served on a cart, oldest first, those at or after `since` only. */
export const listCartDecisionsStep = createStep(
  "rl-list-cart-decisions",
  async (input: { cart_id: string | null; since?: Date }, { container }) => {
    if (!input.cart_id) return new StepResponse([])
    const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
    return new StepResponse(await rl.listCartDecisions(input.cart_id, input.since))
  }
)
