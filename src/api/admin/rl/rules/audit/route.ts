import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { RL_AGENT_MODULE } from "../../../../../modules/rl-agent"
import type RlAgentModuleService from "../../../../../modules/rl-agent/service"
import type { AdminListRuleAuditType } from "../validators"

/** Every change to the rules, newest first: who (the admin user's id), when, the rule before and after. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminListRuleAuditType>, res: MedusaResponse) => {
  const q = req.validatedQuery as AdminListRuleAuditType
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const { entries, count } = await rl.listRuleAudit({ rule_id: q.rule_id }, { offset: q.offset, limit: q.limit })
  res.json({ audit: entries, count, offset: q.offset, limit: q.limit })
}
