import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"

/** A guest cart that became a customer's: its decisions now belong to that customer. */
export const attachCustomerStep = createStep(
  "rl-attach-customer",
  async (input: { cart_id: string; customer_id: string | null }, { container }) => {
    if (!input.customer_id) return new StepResponse(0)
    const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
    return new StepResponse(await rl.attachCustomerToCart(input.cart_id, input.customer_id))
  }
)
