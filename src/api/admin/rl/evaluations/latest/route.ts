import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { RL_AGENT_MODULE } from "../../../../../modules/rl-agent"
import type RlAgentModuleService from "../../../../../modules/rl-agent/service"

/** The latest offline evaluation report (stored when its trained model was loaded). */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const [latest] = await rl.listRlEvaluations({}, { order: { created_at: "DESC" }, take: 1 })
  if (!latest) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      "No evaluation yet: load the pre-trained model and its report from your store's folder with `npx rl-recommendations load-model` (or a model of your own: `npx rl-recommendations load-model model.json evaluation.json`)"
    )
  }
  res.json({ evaluation: { id: latest.id, model_version: latest.model_version, created_at: latest.created_at, report: latest.report } })
}
