import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"
import type { StartShadowInput } from "../../../modules/rl-agent/services"

/** Starts the shadow; compensation stops it again (what it logged stays). */
export const startShadowStep = createStep(
  "rl-start-shadow",
  async (input: StartShadowInput, { container }) => {
    const shadow = await container.resolve<RlAgentModuleService>(RL_AGENT_MODULE).startShadow(input)
    return new StepResponse(shadow, shadow.id)
  },
  async (id, { container }) => {
    if (id) await container.resolve<RlAgentModuleService>(RL_AGENT_MODULE).endShadow(id, "stopped").catch(() => undefined)
  }
)
