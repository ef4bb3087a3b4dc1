import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { RL_AGENT_MODULE } from "../../../../modules/rl-agent"
import type RlAgentModuleService from "../../../../modules/rl-agent/service"
import { previewRecommendation } from "../../../../workflows/recommendations/serve"
import type { AdminPreviewRecommendationType } from "./validators"

/**
 * Previews the recommendation a shopper would get — Q of every strategy,
 * the choice and why — without logging a decision.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminPreviewRecommendationType>, res: MedusaResponse) => {
  const body = req.validatedBody
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const [{ data: stores }, customers, channels] = await Promise.all([
    query.graph({ entity: "store", fields: ["default_sales_channel_id"] }),
    body.customer_id
      ? query.graph({ entity: "customer", fields: ["id"], filters: { id: body.customer_id } }).then((r) => r.data)
      : Promise.resolve([{}]),
    body.sales_channel_id
      ? query.graph({ entity: "sales_channel", fields: ["id"], filters: { id: body.sales_channel_id } }).then((r) => r.data)
      : Promise.resolve([{}]),
  ])
  if (!customers.length) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer with id: ${body.customer_id} was not found`)
  }
  if (!channels.length) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Sales channel with id: ${body.sales_channel_id} was not found`)
  }
  const salesChannelId = body.sales_channel_id ?? stores[0]?.default_sales_channel_id
  const preview = await previewRecommendation(req.scope, {
    placement: body.placement,
    product_id: body.product_id,
    intent: body.intent,
    customer_id: body.customer_id ?? null,
    cart_id: body.cart_id,
    items: body.items,
    sales_channel_ids: salesChannelId ? [salesChannelId] : [],
    region_id: body.region_id,
    limit: body.limit ?? rl.getOptions().defaultLimit,
    device: body.device,
    seed: body.seed,
  })
  res.json({ preview })
}
