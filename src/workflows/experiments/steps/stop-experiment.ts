import { MedusaError } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"
import { serveCandidate } from "../../agent/serve-candidate"

export type StopExperimentInput = { id: string; winner_arm: string | null; make_default?: boolean }

/**
 * Stops a running experiment (a stop is not undone: shoppers were already
 * served by the agent again). With `make_default`, the winner serves everyone
 * from now on: a strategy arm becomes the agent's serving strategy, the
 * agent's arm clears it, a model arm's snapshot is restored as the serving
 * table (the current one snapshotted first: rollback is one restore) with
 * the arm's ε; a random arm cannot be the default.
 */
export const stopExperimentStep = createStep("rl-stop-experiment", async (input: StopExperimentInput, { container }) => {
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  if (input.make_default) {
    const { experiment } = await rl.getExperimentResults(input.id)
    const arm = experiment.arms.find((a) => a.key === input.winner_arm)
    if (arm?.kind === "random") {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "A random arm cannot be made the default: name the agent's arm, a strategy arm or a model arm")
    }
    // checked before stopping: a stop is not undone
    if (arm?.kind === "model") await rl.assertCandidateSnapshot(arm.snapshot_id)
  }
  const experiment = await rl.stopExperiment(input.id, input.winner_arm)
  const arm = input.make_default ? experiment.arms.find((a) => a.key === input.winner_arm) : undefined
  let restored: { model_version: number; pre_restore_snapshot_id: string } | null = null
  if (arm?.kind === "model") {
    restored = (await serveCandidate(container, { snapshot_id: arm.snapshot_id, epsilon: arm.epsilon, label: `before making arm ${arm.key} the default` })).restored
  } else if (arm) {
    const agent = await rl.getAgent()
    await rl.updateRlAgents({ id: agent.id, serving_strategy: arm.kind === "strategy" ? arm.strategy : null } as any)
  }
  return new StepResponse({ experiment, restored })
})
