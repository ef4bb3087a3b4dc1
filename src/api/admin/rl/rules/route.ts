import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { RL_AGENT_MODULE } from "../../../../modules/rl-agent"
import type RlAgentModuleService from "../../../../modules/rl-agent/service"
import type { AdminCreateRuleType } from "./validators"

/** Every merchandising rule, oldest first (pins keep that order). */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const rules = await rl.listRules()
  res.json({ rules, count: rules.length })
}

/** Creates a rule, audited as the signed-in admin's. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminCreateRuleType>, res: MedusaResponse) => {
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const rule = await rl.createRule(req.validatedBody, req.auth_context?.actor_id ?? null)
  res.status(201).json({ rule })
}
