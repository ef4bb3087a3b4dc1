import { WorkflowResponse, createWorkflow } from "@medusajs/framework/workflows-sdk"
import { updateAgentStep, type UpdateAgentInput } from "../steps/update-agent"

export const updateAgentWorkflowId = "rl-update-agent"

export const updateAgentWorkflow = createWorkflow(updateAgentWorkflowId, (input: UpdateAgentInput) => {
  return new WorkflowResponse(updateAgentStep(input))
})
