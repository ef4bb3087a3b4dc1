import { WorkflowResponse, createWorkflow } from "@medusajs/framework/workflows-sdk"
import type { StartShadowInput } from "../../../modules/rl-agent/services"
import { startShadowStep } from "../steps/start-shadow"

export const startShadowWorkflowId = "rl-start-shadow"

/** Starts logging a candidate policy beside every decision, never serving it. */
export const startShadowWorkflow = createWorkflow(startShadowWorkflowId, (input: StartShadowInput) => {
  return new WorkflowResponse(startShadowStep(input))
})
