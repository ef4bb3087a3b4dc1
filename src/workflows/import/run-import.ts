import { basename } from "path"
import type { MedusaContainer } from "@medusajs/framework/types"
import { RL_AGENT_MODULE } from "../../modules/rl-agent"
import type RlAgentModuleService from "../../modules/rl-agent/service"
import { importOnlineRetailWorkflow } from "./workflows/import-online-retail"

/**
 * Runs an import as a tracked run (phase, progress, counts, outcome in
 * `rl_import_run`) — the one entry point of the CLI, the admin's job and the
 * demo set-up. `onRun` gets the run id before any work, for polling.
 */
export async function runOnlineRetailImport(
  container: MedusaContainer,
  filePath: string,
  opts: { onRun?: (runId: string) => void; priceIn?: Record<string, number> } = {}
) {
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const run = await rl.createRlImportRuns({ file_name: basename(filePath) } as any)
  opts.onRun?.(run.id)
  try {
    // the workflow's last step marks the run completed
    const { result } = await importOnlineRetailWorkflow(container).run({
      input: { file_path: filePath, run_id: run.id, price_in: opts.priceIn },
    })
    return { run_id: run.id, ...result }
  } catch (e) {
    await rl.failImportRun(run.id, e)
    throw e
  }
}
