import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"
import { catalogCache } from "../../recommendations/catalog-cache"
import { loadImportPlan } from "../plan"
import { reportProgress } from "./progress"

/**
 * Stores the state model fitted from the imported history (bin edges,
 * categories, countries) with the agent, rebuilds the derived statistics
 * (popularity windows, co-purchases, customer profiles) and drops cached
 * catalogues so the new products and sales counts are served at once.
 */
export const fitStatisticsStep = createStep(
  "rl-import-statistics",
  async (input: { file_path: string; run_id?: string }, { container }) => {
    await reportProgress(container, input.run_id, { phase: "statistics" })
    const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
    const plan = await loadImportPlan(input.file_path)
    const agent = await rl.getAgent()
    await rl.updateRlAgents({ id: agent.id, state_model: plan.stateModel as any })
    const statistics = await rl.refreshStatistics()
    catalogCache.clear()
    rl.invalidateStoreDefaults()
    return new StepResponse({ state_model: plan.stateModel, statistics })
  }
)
