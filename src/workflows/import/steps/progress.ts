import type { MedusaContainer } from "@medusajs/framework/types"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"

/** Records a run's phase and progress for whoever polls it (CLI bar, admin). */
export async function reportProgress(
  container: MedusaContainer,
  runId: string | undefined,
  update: { phase?: string; processed?: number; total?: number; summary?: Record<string, unknown> }
): Promise<void> {
  if (!runId) return
  await container.resolve<RlAgentModuleService>(RL_AGENT_MODULE).updateRlImportRuns({ id: runId, ...update } as any)
}
