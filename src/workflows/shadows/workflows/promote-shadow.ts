import { WorkflowResponse, createWorkflow } from "@medusajs/framework/workflows-sdk"
import { promoteShadowStep } from "../steps/promote-shadow"

export const promoteShadowWorkflowId = "rl-promote-shadow"

/** Makes the shadow's candidate the serving policy, gated by its off-policy value on its own log. */
export const promoteShadowWorkflow = createWorkflow(promoteShadowWorkflowId, (input: { id: string }) => {
  return new WorkflowResponse(promoteShadowStep(input))
})
