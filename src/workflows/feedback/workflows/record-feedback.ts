import { WorkflowResponse, createWorkflow, transform } from "@medusajs/framework/workflows-sdk"
import { feedbackReward, type FeedbackType } from "../../../learning/reward"
import { applyRewardsStep } from "../../rewards/steps/apply-rewards"
import { validateFeedbackStep } from "../steps/validate-feedback"

export type RecordFeedbackInput = {
  decision_id: string
  type: FeedbackType
  product_id?: string
  cart_id?: string
  token?: string
  customer_id?: string | null
}

export const recordFeedbackWorkflowId = "rl-record-feedback"

/**
 * Storefront feedback → reward, by `feedbackReward`'s rule: a decision earns
 * one engagement (a click, or the cart's own add) and one rejection at most,
 * and an `add_to_cart` claim earns nothing (the cart event does).
 */
export const recordFeedbackWorkflow = createWorkflow(recordFeedbackWorkflowId, (input: RecordFeedbackInput) => {
  const validated = validateFeedbackStep(input)
  const reward = transform({ input, validated }, ({ input, validated }) => {
    const earned = feedbackReward(input.type, { engaged: validated.engaged })
    // feedback that earns nothing by the rule is recorded as not counted
    return earned ? [{ decision_id: validated.decision_id, ...earned, product_id: input.product_id ?? null }] : []
  })
  const applied = applyRewardsStep(reward)
  const result = transform({ applied }, ({ applied }) => {
    const r = applied.results[0]
    return { applied: !!r?.applied, value: r?.value ?? 0 }
  })
  return new WorkflowResponse(result)
})
