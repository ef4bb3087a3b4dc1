import type { MedusaContainer } from "@medusajs/framework/types"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"

/**
 * Schedules the decision's abandonment check for the end of its window
 * (cancelled if the cart converts). With the queue's Redis away the job waits
 * in the Postgres outbox and the recommendation is flagged `degraded`; any
 * other failure is logged with the decision id, never costs the shopper
 * their recommendations.
 */
export async function scheduleAbandonmentCheck(container: MedusaContainer, input: { decision_id: string; cart_id: string | null }): Promise<{ degraded: boolean }> {
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  if (!input.cart_id) return { degraded: !rl.isQueueAvailable() }
  try {
    const where = await rl.enqueueJob(
      "abandonment-check",
      { decision_id: input.decision_id },
      { jobId: `abandon|${input.decision_id}`, delayMs: rl.getOptions().abandonmentWindowSeconds * 1000 }
    )
    return { degraded: where === "outbox" }
  } catch (e) {
    container
      .resolve("logger")
      .error(`rl-agent: could not schedule the abandonment check of ${input.decision_id}: ${(e as Error).message}`)
    return { degraded: true }
  }
}
