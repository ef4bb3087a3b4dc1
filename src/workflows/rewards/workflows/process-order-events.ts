import { WorkflowResponse, createWorkflow, transform } from "@medusajs/framework/workflows-sdk"
import { attributeOrder, clawbackForCancel, clawbackForReturn, conversionFromOrder } from "../../../learning/attribution"
import { abandonmentJobId } from "../../../modules/rl-agent/queue/job-workflows"
import type { ApplyRewardInput } from "../../../modules/rl-agent/service"
import { applyRewardsStep } from "../steps/apply-rewards"
import { getEarnedByOrderStep } from "../steps/get-earned-by-order"
import { listCartDecisionsStep } from "../steps/list-cart-decisions"
import { loadOrderStep, loadReturnStep } from "../steps/load-order"
import { loadRewardSettingsStep } from "../steps/load-reward-settings"
import { recordPurchasesStep } from "../steps/record-purchases"
import { scheduleJobsStep, type ScheduleJobsInput } from "../steps/schedule-jobs"

const enteredAt = (order: { entered_at: Record<string, string> }) =>
  new Map(Object.entries(order.entered_at ?? {}).map(([p, at]) => [p, new Date(at)]))

/**
 * order.placed: each bought product credits the last decision that
 * recommended it before it entered the cart (revenue), the order's one
 * conversion goes to the decision credited most (all terminal); the cart's episode ends; its pending
 * abandonment checks are cancelled; a customer gets a retention check; the
 * order joins the purchase history.
 */
export const processOrderPlacedWorkflow = createWorkflow("rl-process-order-placed", (input: { id: string }) => {
  const settings = loadRewardSettingsStep()
  const order = loadOrderStep({ order_id: input.id })
  const decisions = listCartDecisionsStep({ cart_id: order.cart_id })
  const plan = transform({ order, decisions, settings }, ({ order, decisions, settings }) => {
    const refs = decisions.map((d) => ({ ...d, created_at: new Date(d.created_at) }))
    const placedAt = new Date(order.placed_at)
    const intents: ApplyRewardInput[] = conversionFromOrder(
      refs,
      order.lines,
      order.order_id,
      placedAt,
      settings.conversionMs,
      enteredAt(order)
    )
    const last = refs[refs.length - 1]
    // the sweep checks a converted decision and finds it converted; a check an earlier version
    // scheduled at serve time is simply dropped
    const jobs: ScheduleJobsInput = { remove: refs.map((d) => abandonmentJobId(d.id)), enqueue: [] }
    if (last) {
      intents.push({ decision_id: last.id, kind: "episode_end", source_event_id: "episode" })
      if (order.customer_id) {
        jobs.enqueue!.push({
          name: "retention-check",
          data: {
            decision_id: last.id,
            customer_id: order.customer_id,
            cart_id: order.cart_id,
            ended_at: placedAt.toISOString(),
          },
          jobId: `retention|${last.id}`,
          delayMs: settings.retentionMs,
        })
      }
    }
    return { intents, jobs }
  })
  const applied = applyRewardsStep(plan.intents)
  recordPurchasesStep(
    transform({ order }, ({ order }) => ({
      source_id: order.order_id,
      customer_id: order.customer_id,
      currency_code: order.currency_code,
      purchased_at: new Date(order.placed_at),
      is_return: false,
      lines: order.lines,
    }))
  )
  scheduleJobsStep(plan.jobs)
  return new WorkflowResponse(applied)
})

/** order.canceled: everything the order earned is taken back; it leaves the sales counts. */
export const processOrderCanceledWorkflow = createWorkflow("rl-process-order-canceled", (input: { id: string }) => {
  const order = loadOrderStep({ order_id: input.id })
  const earned = getEarnedByOrderStep({ order_id: input.id })
  const intents = transform({ earned, input }, ({ earned, input }) => clawbackForCancel(earned, input.id))
  const applied = applyRewardsStep(intents)
  recordPurchasesStep(
    transform({ order }, ({ order }) => ({
      source_id: order.order_id,
      customer_id: order.customer_id,
      currency_code: order.currency_code,
      purchased_at: new Date(),
      is_return: true,
      lines: order.lines,
    }))
  )
  return new WorkflowResponse(applied)
})

/** order.return_received: the returned recommended lines' share of the reward is taken back. */
export const processReturnReceivedWorkflow = createWorkflow(
  "rl-process-return-received",
  (input: { order_id: string; return_id: string }) => {
    const settings = loadRewardSettingsStep()
    const order = loadOrderStep({ order_id: input.order_id })
    const returned = loadReturnStep({ return_id: input.return_id, order_lines: order.lines })
    const earned = getEarnedByOrderStep({ order_id: input.order_id })
    const decisions = listCartDecisionsStep({ cart_id: order.cart_id })
    const intents = transform(
      { order, returned, earned, decisions, settings, input },
      ({ order, returned, earned, decisions, settings, input }) => {
        const credited = new Set(earned.map((e) => e.decision_id))
        const refs = decisions.filter((d) => credited.has(d.id)).map((d) => ({ ...d, created_at: new Date(d.created_at) }))
        // the same rule as at the order: the same decisions are credited with the same lines
        const attribution = attributeOrder(refs, order.lines, enteredAt(order), new Date(order.placed_at), settings.conversionMs)
        return clawbackForReturn(refs, order.lines, returned, input.return_id, settings.rewards, attribution)
      }
    )
    const applied = applyRewardsStep(intents)
    recordPurchasesStep(
      transform({ order, returned, input }, ({ order, returned, input }) => {
        const price = new Map(order.lines.map((l) => [l.product_id, l.unit_price]))
        return {
          source_id: input.return_id,
          customer_id: order.customer_id,
          currency_code: order.currency_code,
          purchased_at: new Date(),
          is_return: true,
          lines: returned.map((r) => ({ ...r, unit_price: price.get(r.product_id) ?? 0 })),
        }
      })
    )
    return new WorkflowResponse(applied)
  }
)
