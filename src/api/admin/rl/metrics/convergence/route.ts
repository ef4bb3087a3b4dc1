import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { readConvergence } from "../../../../../learning/convergence"
import { RL_AGENT_MODULE } from "../../../../../modules/rl-agent"
import type RlAgentModuleService from "../../../../../modules/rl-agent/service"
import type { AdminConvergenceQueryType } from "../validators"

/**
 * A model version's convergence indicators per day (the serving one by
 * default) and their plain reading: settling, still moving, drifting after
 * a change. Rolled up hourly from the logs; a loaded model brings its
 * training's days (learning/convergence.ts says what each figure means).
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminConvergenceQueryType>, res: MedusaResponse) => {
  const q = req.validatedQuery as AdminConvergenceQueryType
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const modelVersion = q.model_version ?? (await rl.getAgent()).model_version
  const days = await rl.listConvergence(modelVersion, q.days)
  res.json({ model_version: modelVersion, days, reading: readConvergence(days) })
}
