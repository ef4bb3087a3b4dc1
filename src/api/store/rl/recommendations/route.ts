import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { RL_AGENT_MODULE } from "../../../../modules/rl-agent"
import type RlAgentModuleService from "../../../../modules/rl-agent/service"
import { serveRecommendation } from "../../../../workflows/recommendations/serve"
import { customerIdOf } from "../../../utils/customer"
import { routeMetrics } from "../../../utils/route-metrics"
import type { StoreCreateRecommendationType } from "./validators"

export const POST = async (
  req: AuthenticatedMedusaRequest<StoreCreateRecommendationType>,
  res: MedusaResponse
) => {
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const recommendation = await serveRecommendation(req.scope, {
    placement: req.validatedBody.placement,
    product_id: req.validatedBody.product_id,
    intent: req.validatedBody.intent,
    cart_id: req.validatedBody.cart_id,
    customer_id: customerIdOf(req),
    sales_channel_ids: req.publishable_key_context?.sales_channel_ids ?? [],
    region_id: req.validatedBody.region_id,
    country_code: req.validatedBody.country_code,
    limit: req.validatedBody.limit ?? rl.getOptions().defaultLimit,
    device: req.validatedBody.context?.device,
    session_id: req.validatedBody.context?.session_id,
  })
  routeMetrics.decision(recommendation.strategy, recommendation.explored, recommendation.placement)
  res.json({ recommendation })
}
