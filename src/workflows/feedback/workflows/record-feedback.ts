import { WorkflowResponse, createWorkflow, transform } from "@medusajs/framework/workflows-sdk"
import { feedbackRewardKind, type FeedbackType } from "../../../learning/reward"
import { applyRewardStep } from "../steps/apply-reward"
import { validateFeedbackStep } from "../steps/validate-feedback"

export type RecordFeedbackInput = {
  decision_id: string
  type: FeedbackType
  product_id?: string
  cart_id?: string
  customer_id?: string | null
}

export const recordFeedbackWorkflowId = "rl-record-feedback"

/**
 * Storefront feedback → reward. Each (decision, type, product) counts once:
 * it is the reward's idempotency key.
 */
export const recordFeedbackWorkflow = createWorkflow(recordFeedbackWorkflowId, (input: RecordFeedbackInput) => {
  const validated = validateFeedbackStep(input)
  const reward = transform({ input, validated }, ({ input, validated }) => ({
    decision_id: validated.decision_id,
    kind: feedbackRewardKind(input.type),
    // the same key the cart attribution uses, so one add to cart counts once however it is reported
    source_event_id: `${input.type}:${input.product_id ?? "*"}`,
    product_id: input.product_id ?? null,
  }))
  const result = applyRewardStep(reward)
  return new WorkflowResponse(result)
})
