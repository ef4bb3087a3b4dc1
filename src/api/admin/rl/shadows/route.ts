import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { RL_AGENT_MODULE } from "../../../../modules/rl-agent"
import type RlAgentModuleService from "../../../../modules/rl-agent/service"
import { startShadowWorkflow } from "../../../../workflows/shadows/workflows/start-shadow"
import type { AdminListShadowsType, AdminStartShadowType } from "./validators"

/** The shadow candidates, the running one first, then the newest. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminListShadowsType>, res: MedusaResponse) => {
  const { offset, limit } = req.validatedQuery as AdminListShadowsType
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const { shadows, count } = await rl.listShadows({ offset, limit })
  res.json({ shadows, count, offset, limit })
}

/** Starts a shadow as the signed-in admin's; refused (400, naming the running one) while another runs. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminStartShadowType>, res: MedusaResponse) => {
  const body = req.validatedBody
  const { result } = await startShadowWorkflow(req.scope).run({
    input: { name: body.name, snapshot_id: body.snapshot_id ?? null, epsilon: body.epsilon ?? null, created_by: req.auth_context?.actor_id ?? null },
  })
  res.status(201).json({ shadow: result })
}
