import type { MedusaContainer } from "@medusajs/framework/types"
import { RL_AGENT_MODULE } from "../../modules/rl-agent"
import type RlAgentModuleService from "../../modules/rl-agent/service"

export type Candidate = { snapshot_id: string | null; epsilon: number | null; label: string }

/**
 * Makes a candidate the serving policy (a promoted shadow, an experiment's
 * model arm made the default): a snapshot's table is restored as a new model
 * version, which snapshots the current one first; a candidate of the live
 * table gets that snapshot all the same. Its ε becomes the agent's, and a
 * fixed serving strategy is cleared, or the candidate would not serve.
 * Returns the restore, if any, and the snapshot that rolls it back.
 */
export async function serveCandidate(container: MedusaContainer, candidate: Candidate) {
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const restored = candidate.snapshot_id ? await rl.restoreSnapshot(candidate.snapshot_id) : null
  const rollback_snapshot_id = restored ? restored.pre_restore_snapshot_id : (await rl.createSnapshot({ reason: "pre_restore", label: candidate.label })).id
  const agent = await rl.getAgent()
  await rl.updateRlAgents({
    id: agent.id,
    serving_strategy: null,
    ...(candidate.epsilon !== null ? { epsilon: candidate.epsilon, epsilon_min: Math.min(agent.epsilon_min, candidate.epsilon) } : {}),
  } as any)
  return { restored, rollback_snapshot_id }
}
