import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"
import type { ApplyRewardInput, ApplyRewardResult } from "../../../modules/rl-agent/service"

/**
 * Applies rewards (none is fine), each with its Q update, in one statement.
 * Idempotent per (decision, kind, source), so a retried job re-applies
 * nothing: there is no compensation, as a committed learning step is not
 * undone by a later failure. Every caller, from reward jobs to storefront
 * feedback, goes through it.
 */
export const applyRewardsStep = createStep("rl-apply-rewards", async (inputs: ApplyRewardInput[], { container }) => {
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const results: ApplyRewardResult[] = inputs.length ? await rl.applyRewards(inputs) : []
  return new StepResponse({ applied: results.filter((r) => r.applied).length, total: results.length, results })
})
