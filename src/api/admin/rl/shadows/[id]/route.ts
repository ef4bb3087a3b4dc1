import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { RL_AGENT_MODULE } from "../../../../../modules/rl-agent"
import type RlAgentModuleService from "../../../../../modules/rl-agent/service"
import { judgeShadow } from "../../../../../workflows/agent/promotion"

/**
 * The shadow, how its draws compare with what was served (agreement, each
 * strategy's share), and its off-policy value on its settled decisions with
 * the promotion rule's verdict.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const shadow = await rl.getShadow(req.params.id)
  res.json({ shadow, ...(await judgeShadow(req.scope, shadow)) })
}
