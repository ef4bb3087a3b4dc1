import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"
import type { ApplyRewardInput } from "../../../modules/rl-agent/service"
import type { ScheduleJobsInput } from "./schedule-jobs"

export type AbandonmentPlan = { intents: ApplyRewardInput[]; jobs: ScheduleJobsInput }

/**
 * End of a decision's window: no engagement, no conversion, no order on its
 * cart → abandonment (−0.1, terminal); the cart's last decision also ends the
 * episode, and a known customer gets a retention check.
 */
export const checkAbandonmentStep = createStep(
  "rl-check-abandonment-step",
  async (input: { decision_id: string; retention_ms: number }, { container }) => {
    const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const none: AbandonmentPlan = { intents: [], jobs: {} }
    const [decision] = await rl.listRlDecisions({ id: input.decision_id }, { take: 1 })
    if (!decision?.cart_id) return new StepResponse(none) // erased or cart-less: no episode
    if (await rl.hasPositiveOutcome(decision.id)) return new StepResponse(none)
    const { data } = await query.graph({
      entity: "cart",
      fields: ["id", "customer_id", "completed_at", "order.id"],
      filters: { id: decision.cart_id },
    })
    const cart = data[0] as any
    if (cart?.order?.id || cart?.completed_at) return new StepResponse(none)

    const intents: ApplyRewardInput[] = [
      { decision_id: decision.id, kind: "abandonment", source_event_id: "abandonment", terminal: true },
    ]
    const cartDecisions = await rl.listCartDecisions(decision.cart_id)
    const isLast = cartDecisions[cartDecisions.length - 1]?.id === decision.id
    const jobs: ScheduleJobsInput = {}
    if (isLast) {
      intents.push({ decision_id: decision.id, kind: "episode_end", source_event_id: "episode" })
      if (cart?.customer_id) {
        jobs.enqueue = [
          {
            name: "retention-check",
            data: {
              decision_id: decision.id,
              customer_id: cart.customer_id,
              cart_id: decision.cart_id,
              ended_at: new Date().toISOString(),
            },
            jobId: `retention|${decision.id}`,
            delayMs: input.retention_ms,
          },
        ]
      }
    }
    return new StepResponse({ intents, jobs } as AbandonmentPlan)
  }
)
