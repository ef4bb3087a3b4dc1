import { WorkflowResponse, createWorkflow, transform } from "@medusajs/framework/workflows-sdk"
import { checkAlertsStep } from "../steps/check-alerts"
import { deliverAlertsStep } from "../steps/deliver-alerts"

export const checkAlertsWorkflowId = "rl-check-alerts"

/** Checks every alert, then notifies the raises and resolves not yet delivered. */
export const checkAlertsWorkflow = createWorkflow(checkAlertsWorkflowId, () => {
  const check = checkAlertsStep()
  const deliveries = transform({ check }, ({ check }) => check.deliveries)
  const delivered = deliverAlertsStep(deliveries)
  return new WorkflowResponse({ check, delivered })
})
