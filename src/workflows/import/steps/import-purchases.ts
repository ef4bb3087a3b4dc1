import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"
import type { PurchaseLine } from "../../../modules/rl-agent/repositories/purchases"
import { loadImportPlan } from "../plan"
import { reportProgress } from "./progress"

const CHUNK = 10_000

/**
 * The invoices as purchase history — the same table live orders append to —
 * with cancellations as returns. Idempotent per (invoice, product, direction).
 */
export const importPurchasesStep = createStep(
  "rl-import-purchases",
  async (
    input: { file_path: string; run_id?: string; product_ids: Record<string, string>; customer_ids: Record<string, string> },
    { container }
  ) => {
    const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
    const plan = await loadImportPlan(input.file_path)
    // codes never sold at a positive price are not products, so their lines are not history
    const total = plan.purchases.count((code) => !!input.product_ids[code])
    await reportProgress(container, input.run_id, { phase: "purchases", processed: 0, total })
    let inserted = 0
    let done = 0
    let chunk: PurchaseLine[] = []
    const flush = async () => {
      inserted += await rl.recordPurchases(chunk)
      done += chunk.length
      chunk = []
      await reportProgress(container, input.run_id, { processed: done })
    }
    for (const p of plan.purchases) {
      const productId = input.product_ids[p.stockCode]
      if (!productId) continue
      chunk.push({
        source_id: p.invoice,
        customer_id: p.customerId ? input.customer_ids[p.customerId] ?? null : null,
        product_id: productId,
        quantity: p.quantity,
        unit_price: p.unitPrice,
        currency_code: "gbp",
        purchased_at: p.invoiceDate,
        is_return: p.isReturn,
      })
      if (chunk.length === CHUNK) await flush()
    }
    if (chunk.length) await flush()
    return new StepResponse({ lines: total, inserted })
  }
)
