import { MedusaError } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"
import { judgeShadow } from "../../agent/promotion"
import { serveCandidate } from "../../agent/serve-candidate"

/**
 * Makes a running shadow's candidate the serving policy when the promotion
 * rule allows it on the shadow's own log; otherwise refuses, saying why.
 * serveCandidate snapshots the current table first: rolling back is one
 * restore of `rollback_snapshot_id`.
 */
export const promoteShadowStep = createStep("rl-promote-shadow", async (input: { id: string }, { container }) => {
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const shadow = await rl.getShadow(input.id)
  if (shadow.status !== "running") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Shadow ${shadow.id} is ${shadow.status}: only a running shadow can be promoted`)
  }
  const { promotion } = await judgeShadow(container, shadow)
  if (!promotion.allowed) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Not promoted: ${promotion.reason} ${promotion.rule}`)
  }
  const { rollback_snapshot_id } = await serveCandidate(container, { ...shadow, label: `before promoting shadow ${shadow.name}` })
  const ended = await rl.endShadow(shadow.id, "promoted")
  return new StepResponse({ shadow: ended, promotion, rollback_snapshot_id })
})
