import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"

/** Stops a running shadow; its log stays, and it can still be judged (not promoted: the candidate is no longer logged). */
export const stopShadowStep = createStep("rl-stop-shadow", async (input: { id: string }, { container }) => {
  return new StepResponse(await container.resolve<RlAgentModuleService>(RL_AGENT_MODULE).endShadow(input.id, "stopped"))
})
