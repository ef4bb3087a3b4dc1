import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"

export type StopExperimentInput = { id: string; winner_arm: string | null }

/** Stops a running experiment (a stop is not undone: shoppers were already served by the agent again). */
export const stopExperimentStep = createStep("rl-stop-experiment", async (input: StopExperimentInput, { container }) => {
  const experiment = await container.resolve<RlAgentModuleService>(RL_AGENT_MODULE).stopExperiment(input.id, input.winner_arm)
  return new StepResponse(experiment)
})
