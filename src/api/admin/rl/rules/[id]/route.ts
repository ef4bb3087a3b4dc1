import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { RL_AGENT_MODULE } from "../../../../../modules/rl-agent"
import type RlAgentModuleService from "../../../../../modules/rl-agent/service"
import type { AdminUpdateRuleType } from "../validators"

/** Changes a rule (any of its fields; the result is checked as a whole), audited with before and after. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminUpdateRuleType>, res: MedusaResponse) => {
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const rule = await rl.updateRule(req.params.id, req.validatedBody, req.auth_context?.actor_id ?? null)
  res.json({ rule })
}

export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  await rl.deleteRule(req.params.id, req.auth_context?.actor_id ?? null)
  res.json({ id: req.params.id, object: "rl_merchandising_rule", deleted: true })
}
