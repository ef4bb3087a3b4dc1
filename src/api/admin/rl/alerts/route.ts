import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ALERT_KINDS, thresholdOf } from "../../../../monitoring/alerts"
import { RL_AGENT_MODULE } from "../../../../modules/rl-agent"
import type RlAgentModuleService from "../../../../modules/rl-agent/service"
import type { AdminListAlertsType } from "./validators"

/** The alerts, firing first then newest, with every alert's threshold (null: turned off). */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminListAlertsType>, res: MedusaResponse) => {
  const { offset, limit, status, kind } = req.validatedQuery as AdminListAlertsType
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const { alerts, count } = await rl.listAlerts({ status, kind }, { offset, limit })
  const options = rl.getOptions().alerts
  const thresholds = Object.fromEntries(ALERT_KINDS.map((k) => [k, options ? thresholdOf(k, options) : null]))
  res.json({ alerts, count, offset, limit, enabled: !!options, thresholds })
}
