import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { RL_AGENT_MODULE } from "../../../../../modules/rl-agent"
import type RlAgentModuleService from "../../../../../modules/rl-agent/service"
import type { AdminMetricsSummaryType } from "../validators"

/** The dashboard's activity cards: the last `hours` (default 24), live from the decision log. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminMetricsSummaryType>, res: MedusaResponse) => {
  const { hours } = req.validatedQuery as AdminMetricsSummaryType
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  res.json({ summary: await rl.getActivitySummary(new Date(Date.now() - hours * 3_600_000)) })
}
