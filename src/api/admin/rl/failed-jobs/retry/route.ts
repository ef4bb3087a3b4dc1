import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { RL_AGENT_MODULE } from "../../../../../modules/rl-agent"
import type RlAgentModuleService from "../../../../../modules/rl-agent/service"
import type { AdminRetryFailedJobsType } from "../validators"

/** Moves failed reward jobs back to the queue (each is idempotent, so a retry never doubles a reward). */
export const POST = async (req: AuthenticatedMedusaRequest<AdminRetryFailedJobsType>, res: MedusaResponse) => {
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const retried = await rl.retryFailedJobs(req.validatedBody.ids)
  res.json({ retried })
}
