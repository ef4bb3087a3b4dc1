import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"

/** Marks the run completed with its final counts (what the admin and the CLI show). */
export const completeImportRunStep = createStep(
  "rl-complete-import-run",
  async (input: { run_id?: string; result: Record<string, unknown> }, { container }) => {
    if (input.run_id) {
      await container.resolve<RlAgentModuleService>(RL_AGENT_MODULE).updateRlImportRuns({
        id: input.run_id,
        status: "completed",
        phase: "done",
        summary: input.result,
        finished_at: new Date(),
      } as any)
    }
    return new StepResponse(input.result)
  }
)
