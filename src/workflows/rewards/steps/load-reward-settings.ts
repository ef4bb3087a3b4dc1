import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"

/** Windows and weights from the plugin options, and the time the job runs. */
export const loadRewardSettingsStep = createStep("rl-load-reward-settings", async (_: void, { container }) => {
  const o = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE).getOptions()
  return new StepResponse({
    now: new Date().toISOString(),
    attributionMs: o.attributionWindowSeconds * 1000,
    conversionMs: o.conversionWindowSeconds * 1000,
    abandonmentMs: o.abandonmentWindowSeconds * 1000,
    retentionMs: o.retentionWindowSeconds * 1000,
    rewards: o.rewards,
  })
})
