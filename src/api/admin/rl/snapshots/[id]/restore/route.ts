import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { RL_AGENT_MODULE } from "../../../../../../modules/rl-agent"
import type RlAgentModuleService from "../../../../../../modules/rl-agent/service"
import type { AdminRestoreSnapshotType } from "../../validators"

/** Rolls the agent back to the snapshot (as a new model version, the current table snapshotted first). */
export const POST = async (req: AuthenticatedMedusaRequest<AdminRestoreSnapshotType>, res: MedusaResponse) => {
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const restored = await rl.restoreSnapshot(req.params.id)
  res.json({ restored })
}
