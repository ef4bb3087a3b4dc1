import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { RL_AGENT_MODULE } from "../../../../modules/rl-agent"
import type RlAgentModuleService from "../../../../modules/rl-agent/service"
import { createExperimentWorkflow } from "../../../../workflows/experiments/workflows/create-experiment"
import type { AdminCreateExperimentType, AdminListExperimentsType } from "./validators"

/** The experiments, the running one first, then the newest. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminListExperimentsType>, res: MedusaResponse) => {
  const { offset, limit } = req.validatedQuery as AdminListExperimentsType
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const { experiments, count } = await rl.listExperiments({ offset, limit })
  res.json({ experiments, count, offset, limit })
}

/** Starts an experiment as the signed-in admin's; refused (400, naming the running one) while another runs. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminCreateExperimentType>, res: MedusaResponse) => {
  const body = req.validatedBody
  const { result } = await createExperimentWorkflow(req.scope).run({
    input: {
      name: body.name,
      arms: body.arms,
      control_arm: body.control_arm ?? body.arms[0].key,
      metric: body.metric,
      currency_code: body.currency_code ?? null,
      created_by: req.auth_context?.actor_id ?? null,
    },
  })
  res.status(201).json({ experiment: result })
}
