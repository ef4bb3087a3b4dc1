import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"
import type { ApplyRewardInput } from "../../../modules/rl-agent/service"

/**
 * Applies rewards, each with its Q update in one transaction. Idempotent per
 * (decision, kind, source), so a retried job re-applies nothing: there is no
 * compensation, as a committed learning step is not undone by a later failure.
 */
export const applyRewardsStep = createStep("rl-apply-rewards", async (inputs: ApplyRewardInput[], { container }) => {
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const results = await rl.applyRewards(inputs)
  return new StepResponse({ applied: results.filter((r) => r.applied).length, total: results.length })
})
