import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { RL_AGENT_MODULE } from "../../../../modules/rl-agent"
import type RlAgentModuleService from "../../../../modules/rl-agent/service"
import type { AdminListImportsType } from "./validators"

/**
 * Starts an import of an uploaded Online Retail file as a queued job and
 * answers at once (202) with the run to poll: `GET /admin/rl/imports/:id`.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const file = (req as any).file as { path: string; originalname: string; size: number } | undefined
  if (!file) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "Send the data set as multipart/form-data in the field `file`")
  }
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const run = await rl.createRlImportRuns({ file_name: file.originalname, phase: "queued" } as any)
  try {
    // an import is idempotent but long: one attempt, a failure is reported on the run
    await rl.enqueueJob("import", { file_path: file.path, run_id: run.id }, { jobId: `import|${run.id}`, attempts: 1 })
  } catch (e) {
    await rl.failImportRun(run.id, e)
    throw e
  }
  res.status(202).json({ import_run: run })
}

/** Import runs, newest first: one query for the page and its count. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminListImportsType>, res: MedusaResponse) => {
  const { offset, limit } = req.validatedQuery as AdminListImportsType
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const [runs, count] = await rl.listAndCountRlImportRuns({}, { skip: offset, take: limit, order: { created_at: "DESC" } })
  res.json({ import_runs: runs, count, offset, limit })
}
