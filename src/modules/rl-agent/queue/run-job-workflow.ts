/**
 * The worker's runner for every job kind but `reward`: the workflow its kind
 * names (`REWARD_JOB_WORKFLOWS`), through the application's workflow engine.
 *
 * This is the module's one reach into the application container, and it is
 * deliberate: the jobs' workflows need Query (carts, orders), which a module
 * container does not hold, and Medusa gives a plugin's module no declared
 * dependency on the workflow engine (`dependencies` are set in
 * medusa-config, which plugin modules do not get).
 */
import { container as appContainer } from "@medusajs/framework"
import type { IWorkflowEngineService } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { REWARD_JOB_WORKFLOWS } from "./job-workflows"
import type { RewardJobName } from "./reward-queue"

export type WorkflowJobName = Exclude<RewardJobName, "reward">

/**
 * A failure of a job kind that is recorded where the admin sees it and ends
 * the job, instead of a retry (a bad import file stays bad).
 */
export type TerminalFailures = Partial<Record<WorkflowJobName, (data: any, error: Error) => Promise<void>>>

export function workflowJobRunner(terminal: TerminalFailures = {}) {
  return async (name: WorkflowJobName, data: any): Promise<unknown> => {
    const workflowId = REWARD_JOB_WORKFLOWS[name]
    // a job kept in the outbox by an older version may name a kind this one no longer has
    if (!workflowId) throw new MedusaError(MedusaError.Types.INVALID_DATA, `Unknown reward job ${name}`)
    const engine = appContainer.resolve<IWorkflowEngineService>(Modules.WORKFLOW_ENGINE)
    const { errors } = await engine.run(workflowId, { input: data, throwOnError: false })
    if (!errors?.length) return
    const error = (errors[0].error as Error) ?? new Error(`workflow ${workflowId} failed`)
    const record = terminal[name]
    if (!record) throw error
    await record(data, error)
    return { failed: error.message ?? String(error) }
  }
}
