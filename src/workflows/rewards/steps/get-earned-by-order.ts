import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"

/** What an order earned per decision, to take back on cancellation or return. */
export const getEarnedByOrderStep = createStep(
  "rl-get-earned-by-order",
  async (input: { order_id: string }, { container }) => {
    const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
    return new StepResponse(await rl.getEarnedByOrder(input.order_id))
  }
)
