import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"
import type { RewardJobName } from "../../../modules/rl-agent/queue/reward-queue"

export type ScheduleJobsInput = {
  enqueue?: Array<{ name: RewardJobName; data: unknown; jobId: string; delayMs?: number }>
  remove?: string[]
}

/** Schedules delayed checks and cancels ones that no longer apply. */
export const scheduleJobsStep = createStep(
  "rl-schedule-jobs",
  async (input: ScheduleJobsInput, { container }) => {
    const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
    for (const id of input.remove ?? []) await rl.removeJob(id)
    for (const job of input.enqueue ?? []) {
      await rl.enqueueJob(job.name, job.data, { jobId: job.jobId, delayMs: job.delayMs })
    }
    return new StepResponse({ enqueued: input.enqueue?.length ?? 0, removed: input.remove?.length ?? 0 })
  }
)
