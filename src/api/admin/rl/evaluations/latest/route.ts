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
      "No evaluation yet: run `npm run evaluate`, then load the model and its report with `npx medusa exec ./src/scripts/load-model.ts reports/model.json reports/evaluation.json`"
    )
  }
  res.json({ evaluation: { id: latest.id, model_version: latest.model_version, created_at: latest.created_at, report: latest.report } })
}
