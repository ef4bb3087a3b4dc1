import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { RL_AGENT_MODULE } from "../../../../../modules/rl-agent"
import type RlAgentModuleService from "../../../../../modules/rl-agent/service"
import type { AdminCustomerInsightType } from "../validators"

/** The customer widget: profile features, latest recommendations and their rewards. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminCustomerInsightType>, res: MedusaResponse) => {
  const { limit } = req.validatedQuery as AdminCustomerInsightType
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "customer", fields: ["id"], filters: { id: req.params.id } })
  if (!data.length) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer with id: ${req.params.id} was not found`)
  }
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  res.json({ customer: { id: req.params.id, ...(await rl.getCustomerInsight(req.params.id, limit)) } })
}
