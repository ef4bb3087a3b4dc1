import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"
import type { AlertCheck } from "../../../modules/rl-agent/services"

/** One check of every alert (the module's rule); returns the raises and resolves still to deliver. */
export const checkAlertsStep = createStep("rl-check-alerts", async (_input: void, { container }) => {
  const check = await container.resolve<RlAgentModuleService>(RL_AGENT_MODULE).checkAlerts()
  return new StepResponse<AlertCheck>(check)
})
