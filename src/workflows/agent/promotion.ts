/**
 * Judges a candidate to serve by the rule of evaluation/promotion.ts. A
 * snapshot: its ε-greedy policy, with the ε it was taken with, estimated
 * off-policy on the serving version's settled decisions against what those
 * decisions earned. A shadow: on its own log (below).
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { offPolicyEstimates } from "../../evaluation/ope"
import { promotionVerdict, type PromotionVerdict, type ShadowPromotion } from "../../evaluation/promotion"
import { fillQ, policyProbabilities } from "../../learning/policy"
import { DEFAULT_STATE_MODEL, sameStateModel, type StateModel } from "../../learning/state"
import { RL_AGENT_MODULE } from "../../modules/rl-agent"
import type RlAgentModuleService from "../../modules/rl-agent/service"
import type { ShadowCounts, ShadowRow } from "../../modules/rl-agent/repositories/shadows"

/** Settled decisions the estimate reads, newest first. */
export const PROMOTION_LOG_LIMIT = 20_000

export type SnapshotPromotion = PromotionVerdict & { snapshot_id: string; model_version: number; epsilon: number }

export async function evaluateSnapshotPromotion(container: MedusaContainer, snapshotId: string): Promise<SnapshotPromotion> {
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const agent = await rl.getAgent()
  const { decisions } = await rl.getOpeLog({ model_version: agent.model_version, limit: PROMOTION_LOG_LIMIT })
  const candidate = await rl.getSnapshotPolicy(snapshotId, decisions.map((d) => d.state_key))
  if (!candidate) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Snapshot ${snapshotId} was not found`)
  const serving = (agent.state_model as unknown as StateModel) ?? DEFAULT_STATE_MODEL
  if (!sameStateModel(candidate.state_model ?? DEFAULT_STATE_MODEL, serving)) {
    // the log's state keys are the serving model's: this table's states are cut differently
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Snapshot ${snapshotId} keys shoppers with another state model than the serving table, so the log's states do not name its states: run it in shadow (POST /admin/rl/shadows) to judge and promote it`
    )
  }
  const epsilon = candidate.epsilon ?? agent.epsilon
  const estimates = offPolicyEstimates(
    decisions.map((d) => ({ stateKey: d.state_key, action: d.strategy, propensity: d.propensity, reward: d.reward })),
    (stateKey) => policyProbabilities(fillQ(candidate.q.get(stateKey) ?? {}), epsilon)
  )
  return { ...promotionVerdict(estimates), snapshot_id: snapshotId, model_version: agent.model_version, epsilon }
}

/**
 * Judges a shadow candidate by the rule above, on its own log: each settled
 * decision it shadowed, with the candidate's probabilities as computed when
 * the decision was served (under that request's guard rail) — nothing is
 * recomputed from a table that may have changed since. Returns its counts
 * too: the route shows them, and the verdict reads them.
 */
export async function judgeShadow(container: MedusaContainer, shadow: ShadowRow): Promise<{ counts: ShadowCounts; promotion: ShadowPromotion }> {
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const [log, counts] = await Promise.all([rl.getShadowLog(shadow.id, PROMOTION_LOG_LIMIT), rl.getShadowCounts(shadow.id)])
  const estimates = offPolicyEstimates(
    log.map((d) => ({ stateKey: d.state_key, action: d.strategy, propensity: d.propensity, reward: d.reward })),
    (_stateKey, i) => log[i].target
  )
  return {
    counts,
    promotion: {
      ...promotionVerdict(estimates),
      shadow_id: shadow.id,
      snapshot_id: shadow.snapshot_id,
      shadowed: counts.decisions,
      agreement_rate: counts.decisions ? counts.agreements / counts.decisions : null,
      ips: estimates.ips,
      snips: estimates.snips,
      max_weight: estimates.max_weight,
    },
  }
}
