import { WorkflowResponse, createWorkflow, transform } from "@medusajs/framework/workflows-sdk"
import { applyRewardsStep } from "../steps/apply-rewards"
import { eraseCustomerStep } from "../steps/erase-customer"
import { checkAbandonmentStep } from "../steps/check-abandonment"
import { checkRetentionStep } from "../steps/check-retention"
import { loadRewardSettingsStep } from "../steps/load-reward-settings"
import { scheduleJobsStep } from "../steps/schedule-jobs"

/** Delayed: a decision's window has closed; abandoned if nothing came of it. */
export const checkAbandonmentWorkflow = createWorkflow(
  "rl-check-abandonment",
  (input: { decision_id: string }) => {
    const settings = loadRewardSettingsStep()
    const plan = checkAbandonmentStep(
      transform({ input, settings }, ({ input, settings }) => ({
        decision_id: input.decision_id,
        retention_ms: settings.retentionMs,
      }))
    )
    const applied = applyRewardsStep(plan.intents)
    scheduleJobsStep(plan.jobs)
    return new WorkflowResponse(applied)
  }
)

/** Delayed: the retention window after an episode has closed; did the customer come back? */
export const checkRetentionWorkflow = createWorkflow(
  "rl-check-retention",
  (input: { decision_id: string; customer_id: string; cart_id: string; ended_at: string }) => {
    const settings = loadRewardSettingsStep()
    const intents = checkRetentionStep(
      transform({ input, settings }, ({ input, settings }) => ({
        ...input,
        attribution_ms: settings.attributionMs,
        retention_ms: settings.retentionMs,
      }))
    )
    return new WorkflowResponse(applyRewardsStep(intents))
  }
)

/** customer.deleted: erase the customer's personal data, keep the aggregates. */
export const eraseCustomerWorkflow = createWorkflow("rl-erase-customer", (input: { id: string }) => {
  return new WorkflowResponse(eraseCustomerStep({ customer_id: input.id }))
})
