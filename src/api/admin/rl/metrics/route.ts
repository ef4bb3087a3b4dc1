import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { RL_AGENT_MODULE } from "../../../../modules/rl-agent"
import type RlAgentModuleService from "../../../../modules/rl-agent/service"
import type { AdminMetricsQueryType } from "./validators"

/**
 * Decisions, exploration, engagement, conversions, revenue and rewards per
 * hour or day, overall or by strategy, country, segment (guest / new /
 * returning) or currency, from the hourly rollups; `currency_code` keeps one currency's decisions.
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminMetricsQueryType>, res: MedusaResponse) => {
  const q = req.validatedQuery as AdminMetricsQueryType
  const to = q.to ?? new Date()
  const from = q.from ?? new Date(to.getTime() - 7 * 86_400_000)
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  // the hourly job lags by up to an hour: bring the last two hours up to date when they are asked for
  if (to.getTime() > Date.now() - 2 * 3_600_000) await rl.rollupRecentMetrics()
  const metrics = await rl.getMetrics({ from, to, granularity: q.granularity, group_by: q.group_by, currency_code: q.currency_code })
  res.json({
    metrics,
    from: from.toISOString(),
    to: to.toISOString(),
    granularity: q.granularity,
    group_by: q.group_by,
    currency_code: q.currency_code ?? null,
  })
}
