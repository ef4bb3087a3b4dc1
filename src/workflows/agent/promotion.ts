/**
 * Judges a snapshot as a candidate to serve (evaluation/promotion.ts has the
 * rule): its ε-greedy policy, with the ε it was taken with, estimated off-
 * policy on the serving version's settled decisions against what those
 * decisions earned.
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { offPolicyEstimates } from "../../evaluation/ope"
import { promotionVerdict, type PromotionVerdict } from "../../evaluation/promotion"
import { fillQ, policyProbabilities } from "../../learning/policy"
import { RL_AGENT_MODULE } from "../../modules/rl-agent"
import type RlAgentModuleService from "../../modules/rl-agent/service"

/** Settled decisions the estimate reads, newest first. */
export const PROMOTION_LOG_LIMIT = 20_000

export type SnapshotPromotion = PromotionVerdict & { snapshot_id: string; model_version: number; epsilon: number }

export async function evaluateSnapshotPromotion(container: MedusaContainer, snapshotId: string): Promise<SnapshotPromotion> {
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const agent = await rl.getAgent()
  const { decisions } = await rl.getOpeLog({ model_version: agent.model_version, limit: PROMOTION_LOG_LIMIT })
  const candidate = await rl.getSnapshotPolicy(snapshotId, decisions.map((d) => d.state_key))
  if (!candidate) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Snapshot ${snapshotId} was not found`)
  const epsilon = candidate.epsilon ?? agent.epsilon
  const estimates = offPolicyEstimates(
    decisions.map((d) => ({ stateKey: d.state_key, action: d.strategy, propensity: d.propensity, reward: d.reward })),
    (stateKey) => policyProbabilities(fillQ(candidate.q.get(stateKey) ?? {}), epsilon)
  )
  return { ...promotionVerdict(estimates), snapshot_id: snapshotId, model_version: agent.model_version, epsilon }
}
