import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"
import type { ApplyRewardInput } from "../../../modules/rl-agent/service"

/**
 * Records a reward and applies its Q update in one transaction. Idempotent
 * by (decision, kind, source event), so a retried step changes nothing: no
 * compensation is needed or possible (Q is not rolled back by a later step).
 */
export const applyRewardStep = createStep("rl-apply-reward", async (input: ApplyRewardInput | null, { container }) => {
  // feedback that earns nothing by the rule: recorded as not counted
  if (!input) return new StepResponse({ applied: false, value: 0 })
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  return new StepResponse(await rl.applyReward(input))
})
