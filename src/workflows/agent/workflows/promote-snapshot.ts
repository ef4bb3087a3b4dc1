import { WorkflowResponse, createWorkflow } from "@medusajs/framework/workflows-sdk"
import { promoteSnapshotStep } from "../steps/promote-snapshot"

export const promoteSnapshotWorkflowId = "rl-promote-snapshot"

/** Promotes a snapshot to serving, gated by its off-policy value on the live log. */
export const promoteSnapshotWorkflow = createWorkflow(promoteSnapshotWorkflowId, (input: { snapshot_id: string }) => {
  return new WorkflowResponse(promoteSnapshotStep(input))
})
