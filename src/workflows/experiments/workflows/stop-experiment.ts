import { WorkflowResponse, createWorkflow } from "@medusajs/framework/workflows-sdk"
import { stopExperimentStep, type StopExperimentInput } from "../steps/stop-experiment"

export const stopExperimentWorkflowId = "rl-stop-experiment"

export const stopExperimentWorkflow = createWorkflow(stopExperimentWorkflowId, (input: StopExperimentInput) => {
  return new WorkflowResponse(stopExperimentStep(input))
})
