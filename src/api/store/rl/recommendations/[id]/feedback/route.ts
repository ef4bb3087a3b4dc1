import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { recordFeedbackWorkflow } from "../../../../../../workflows/feedback/workflows/record-feedback"
import { customerIdOf } from "../../../../../utils/customer"
import type { StoreRecommendationFeedbackType } from "../../validators"

export const POST = async (
  req: AuthenticatedMedusaRequest<StoreRecommendationFeedbackType>,
  res: MedusaResponse
) => {
  const { result } = await recordFeedbackWorkflow(req.scope).run({
    input: {
      decision_id: req.params.id,
      type: req.validatedBody.type,
      product_id: req.validatedBody.product_id,
      cart_id: req.validatedBody.cart_id,
      token: req.validatedBody.token,
      customer_id: customerIdOf(req),
    },
  })
  res.json({
    feedback: {
      recommendation_id: req.params.id,
      type: req.validatedBody.type,
      product_id: req.validatedBody.product_id ?? null,
      // false when the rule gives this feedback nothing, or the decision already has that reward
      counted: result.applied,
      // what was applied: 0 when nothing was
      reward: result.applied ? result.value : 0,
    },
  })
}
