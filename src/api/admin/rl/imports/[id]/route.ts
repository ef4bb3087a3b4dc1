import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { RL_AGENT_MODULE } from "../../../../../modules/rl-agent"
import type RlAgentModuleService from "../../../../../modules/rl-agent/service"

/** One import run: status, phase, progress (processed / total) and, when done, its counts. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const [run] = await rl.listRlImportRuns({ id: req.params.id }, { take: 1 })
  if (!run) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Import run ${req.params.id} was not found`)
  res.json({ import_run: run })
}
