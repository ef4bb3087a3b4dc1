import { WorkflowResponse, createWorkflow } from "@medusajs/framework/workflows-sdk"
import type { CreateExperimentInput } from "../../../modules/rl-agent/services"
import { createExperimentStep } from "../steps/create-experiment"

export const createExperimentWorkflowId = "rl-create-experiment"

export const createExperimentWorkflow = createWorkflow(createExperimentWorkflowId, (input: CreateExperimentInput) => {
  return new WorkflowResponse(createExperimentStep(input))
})
