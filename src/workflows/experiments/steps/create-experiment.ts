import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"
import type { CreateExperimentInput } from "../../../modules/rl-agent/services"

/** Starts the experiment; compensation stops it again (its decisions, if any, stay attributed). */
export const createExperimentStep = createStep(
  "rl-create-experiment",
  async (input: CreateExperimentInput, { container }) => {
    const experiment = await container.resolve<RlAgentModuleService>(RL_AGENT_MODULE).createExperiment(input)
    return new StepResponse(experiment, experiment.id)
  },
  async (id, { container }) => {
    if (id) await container.resolve<RlAgentModuleService>(RL_AGENT_MODULE).stopExperiment(id).catch(() => undefined)
  }
)
