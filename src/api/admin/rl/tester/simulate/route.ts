import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { RL_AGENT_MODULE } from "../../../../../modules/rl-agent"
import type RlAgentModuleService from "../../../../../modules/rl-agent/service"
import type { AdminSimulateFeedbackType } from "../validators"

/** How feedback would move Q(s, a) under the current α, γ and rewards; nothing is written. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminSimulateFeedbackType>, res: MedusaResponse) => {
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  res.json({ simulation: await rl.simulateFeedback(req.validatedBody) })
}
