import { MedusaError } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"
import { evaluateShadowPromotion } from "../../agent/promotion"

/**
 * Makes a running shadow's candidate the serving policy when the promotion
 * rule allows it on the shadow's own log; otherwise refuses, saying why. The
 * current table is snapshotted first either way the candidate is made (a
 * snapshot's table is restored; the live table's candidate only changes ε),
 * so rolling back is one restore of `rollback_snapshot_id`.
 */
export const promoteShadowStep = createStep("rl-promote-shadow", async (input: { id: string }, { container }) => {
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const shadow = await rl.getShadow(input.id)
  if (shadow.status !== "running") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Shadow ${shadow.id} is ${shadow.status}: only a running shadow can be promoted`)
  }
  const verdict = await evaluateShadowPromotion(container, input.id)
  if (!verdict.allowed) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Not promoted: ${verdict.reason} ${verdict.rule}`)
  }
  let rollbackSnapshotId: string | null
  if (shadow.snapshot_id) {
    rollbackSnapshotId = (await rl.restoreSnapshot(shadow.snapshot_id)).pre_restore_snapshot_id
  } else {
    rollbackSnapshotId = (await rl.createSnapshot({ reason: "pre_restore", label: `before promoting shadow ${shadow.name}` })).id
  }
  if (shadow.epsilon !== null) {
    const agent = await rl.getAgent()
    await rl.updateRlAgents({ id: agent.id, epsilon: shadow.epsilon, epsilon_min: Math.min(agent.epsilon_min, shadow.epsilon) } as any)
  }
  const ended = await rl.endShadow(shadow.id, "promoted")
  return new StepResponse({ shadow: ended, promotion: verdict, rollback_snapshot_id: rollbackSnapshotId })
})
