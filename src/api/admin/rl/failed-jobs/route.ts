import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { RL_AGENT_MODULE } from "../../../../modules/rl-agent"
import type RlAgentModuleService from "../../../../modules/rl-agent/service"
import type { AdminListFailedJobsType } from "./validators"

/** Reward jobs that exhausted their retries, newest first. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminListFailedJobsType>, res: MedusaResponse) => {
  const { offset, limit } = req.validatedQuery as AdminListFailedJobsType
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const { count, jobs } = await rl.listFailedJobs(offset, limit)
  res.json({ failed_jobs: jobs, count, offset, limit })
}
