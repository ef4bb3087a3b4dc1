import { MedusaError } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"
import { evaluateSnapshotPromotion } from "../promotion"

/**
 * Makes the snapshot the serving model only when the promotion rule allows
 * it; otherwise refuses, saying why. The restore snapshots the current table
 * first: rolling back is one restore of that snapshot.
 */
export const promoteSnapshotStep = createStep("rl-promote-snapshot", async (input: { snapshot_id: string }, { container }) => {
  const verdict = await evaluateSnapshotPromotion(container, input.snapshot_id)
  if (!verdict.allowed) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Not promoted: ${verdict.reason} ${verdict.rule}`)
  }
  const restored = await container.resolve<RlAgentModuleService>(RL_AGENT_MODULE).restoreSnapshot(input.snapshot_id)
  return new StepResponse({ verdict, restored })
})
