import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"

/** GDPR erasure of a deleted customer's personal data in the agent's tables. */
export const eraseCustomerStep = createStep(
  "rl-erase-customer-step",
  async (input: { customer_id: string }, { container }) => {
    const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
    return new StepResponse(await rl.eraseCustomer(input.customer_id))
  }
)
