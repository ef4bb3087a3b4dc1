import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"

export type RecordPurchasesInput = {
  source_id: string
  customer_id: string | null
  currency_code: string
  purchased_at: Date
  is_return: boolean
  lines: Array<{ product_id: string; quantity: number; unit_price?: number }>
}

/**
 * Appends an order (or its return) to the purchase history, then refreshes
 * that customer's profile and those products' popularity.
 */
export const recordPurchasesStep = createStep(
  "rl-record-purchases",
  async (input: RecordPurchasesInput, { container }) => {
    const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
    // one row per product and direction: merge repeated lines first
    const merged = new Map<string, { quantity: number; value: number }>()
    for (const l of input.lines) {
      const m = merged.get(l.product_id) ?? { quantity: 0, value: 0 }
      m.quantity += l.quantity
      m.value += l.quantity * (l.unit_price ?? 0)
      merged.set(l.product_id, m)
    }
    const inserted = await rl.recordPurchases(
      [...merged.entries()].map(([product_id, m]) => ({
        source_id: input.source_id,
        customer_id: input.customer_id,
        product_id,
        quantity: m.quantity,
        unit_price: m.quantity ? m.value / m.quantity : 0,
        currency_code: input.currency_code,
        purchased_at: input.purchased_at,
        is_return: input.is_return,
      }))
    )
    if (inserted) {
      await rl.refreshAfterPurchase({
        customer_ids: input.customer_id ? [input.customer_id] : [],
        product_ids: [...merged.keys()],
      })
    }
    return new StepResponse({ inserted })
  }
)
