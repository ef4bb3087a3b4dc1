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

/**
 * End of the retention window after an episode: did the customer start
 * another cart in it (after the attribution window, so the cart a storefront
 * opens right after checkout does not count)? Then +0.3 retention.
 */
export const checkRetentionStep = createStep(
  "rl-check-retention-step",
  async (
    input: { decision_id: string; customer_id: string; cart_id: string; ended_at: string; attribution_ms: number; retention_ms: number },
    { container }
  ) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const endedAt = new Date(input.ended_at).getTime()
    const { data } = await query.graph({
      entity: "cart",
      fields: ["id", "created_at"],
      filters: {
        customer_id: input.customer_id,
        created_at: {
          $gt: new Date(endedAt + input.attribution_ms),
          $lte: new Date(endedAt + input.retention_ms),
        },
      },
    })
    const returned = data.some((c: any) => c.id !== input.cart_id)
    const intents: ApplyRewardInput[] = returned
      ? [{ decision_id: input.decision_id, kind: "retention", source_event_id: "retention", terminal: true }]
      : []
    return new StepResponse(intents)
  }
)

/**
 * A customer starts a cart: if their previous visit (a decision on another
 * cart) was within the retention window but before this visit's attribution
 * window, that decision earns retention now — the same reward the delayed
 * check would give, so whichever comes first counts, once.
 */
export const findReturnVisitStep = createStep(
  "rl-find-return-visit",
  async (
    input: { customer_id: string | null; cart_id: string; cart_created_at: string | null; attribution_ms: number; retention_ms: number },
    { container }
  ) => {
    if (!input.customer_id || !input.cart_created_at) return new StepResponse([] as ApplyRewardInput[])
    const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
    const created = new Date(input.cart_created_at).getTime()
    const previous = await rl.findRetentionDecision(
      input.customer_id,
      input.cart_id,
      new Date(created - input.retention_ms),
      new Date(created - input.attribution_ms)
    )
    const intents: ApplyRewardInput[] = previous
      ? [{ decision_id: previous.id, kind: "retention", source_event_id: "retention", terminal: true }]
      : []
    return new StepResponse(intents)
  }
)

/** What an order earned per decision, to take back on cancellation or return. */
export const getEarnedByOrderStep = createStep(
  "rl-get-earned-by-order",
  async (input: { order_id: string }, { container }) => {
    const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
    return new StepResponse(await rl.getEarnedByOrder(input.order_id))
  }
)
