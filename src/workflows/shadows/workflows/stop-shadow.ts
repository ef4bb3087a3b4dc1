import { WorkflowResponse, createWorkflow } from "@medusajs/framework/workflows-sdk"
import { stopShadowStep } from "../steps/stop-shadow"

export const stopShadowWorkflowId = "rl-stop-shadow"

export const stopShadowWorkflow = createWorkflow(stopShadowWorkflowId, (input: { id: string }) => {
  return new WorkflowResponse(stopShadowStep(input))
})
