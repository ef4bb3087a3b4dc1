import { WorkflowResponse, createWorkflow, transform } from "@medusajs/framework/workflows-sdk"
import { engagementFromCart } from "../../../learning/attribution"
import type { ApplyRewardInput } from "../../../modules/rl-agent/service"
import { applyRewardsStep } from "../steps/apply-rewards"
import { attachCustomerStep } from "../steps/attach-customer"
import { findReturnVisitStep } from "../steps/find-return-visit"
import { listCartDecisionsStep } from "../steps/list-cart-decisions"
import { loadCartStep } from "../steps/load-cart"
import { loadRewardSettingsStep } from "../steps/load-reward-settings"

/**
 * cart.updated (line items added, changed or removed): recommended products
 * added within the attribution window earn their decision engagement.
 */
export const processCartUpdatedWorkflow = createWorkflow("rl-process-cart-updated", (input: { id: string }) => {
  const settings = loadRewardSettingsStep()
  const cart = loadCartStep({ cart_id: input.id })
  const since = transform({ settings }, ({ settings }) => new Date(Date.parse(settings.now) - settings.attributionMs))
  const decisions = listCartDecisionsStep({ cart_id: input.id, since })
  const intents = transform({ cart, decisions, settings }, ({ cart, decisions, settings }): ApplyRewardInput[] =>
    cart
      ? engagementFromCart(
          decisions.map((d) => ({ ...d, created_at: new Date(d.created_at) })),
          cart.lines.map((l) => ({ ...l, created_at: new Date(l.created_at) })),
          settings.attributionMs
        )
      : []
  )
  return new WorkflowResponse(applyRewardsStep(intents))
})

/**
 * cart.created / cart.customer_transferred: the cart's decisions get their
 * customer, and a customer coming back earns their previous visit retention.
 */
export const processCartStartedWorkflow = createWorkflow(
  "rl-process-cart-started",
  (input: { id: string; customer_id?: string }) => {
    const settings = loadRewardSettingsStep()
    const cart = loadCartStep({ cart_id: input.id })
    const customer = transform({ cart, input }, ({ cart, input }) => ({
      cart_id: input.id,
      customer_id: cart?.customer_id ?? input.customer_id ?? null,
      cart_created_at: cart ? new Date(cart.created_at).toISOString() : null,
    }))
    attachCustomerStep(customer)
    const intents = findReturnVisitStep(
      transform({ customer, settings }, ({ customer, settings }) => ({
        ...customer,
        attribution_ms: settings.attributionMs,
        retention_ms: settings.retentionMs,
      }))
    )
    return new WorkflowResponse(applyRewardsStep(intents))
  }
)
