import { WorkflowManager } from "@medusajs/framework/orchestration"
import { describe, expect, it } from "vitest"
import "../../../../workflows/rewards/workflows/process-cart-events"
import "../../../../workflows/rewards/workflows/process-order-events"
import "../../../../workflows/rewards/workflows/delayed-checks"
import "../../../../workflows/import/workflows/import-online-retail"
import { EVENT_JOBS, REWARD_JOB_WORKFLOWS } from "../job-workflows"
import { REWARD_JOB_NAMES } from "../reward-queue"

describe("job → workflow dispatch", () => {
  it("names a registered workflow for every job kind the worker hands to a workflow", () => {
    const registered = new Set(WorkflowManager.getWorkflows().keys())
    const kinds = REWARD_JOB_NAMES.filter((n) => n !== "reward")
    expect(Object.keys(REWARD_JOB_WORKFLOWS).sort()).toEqual([...kinds].sort())
    for (const kind of kinds) expect(registered, `${kind} → ${REWARD_JOB_WORKFLOWS[kind]}`).toContain(REWARD_JOB_WORKFLOWS[kind])
  })

  it("maps every subscribed event to a job kind the queue knows", () => {
    for (const job of Object.values(EVENT_JOBS)) expect(REWARD_JOB_NAMES).toContain(job)
  })
})
