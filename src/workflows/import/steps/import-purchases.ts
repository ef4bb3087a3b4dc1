import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"
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
    const lines = plan.purchases.filter((p) => input.product_ids[p.stockCode])
    await reportProgress(container, input.run_id, { phase: "purchases", processed: 0, total: lines.length })
    let inserted = 0
    for (let i = 0; i < lines.length; i += CHUNK) {
      inserted += await rl.recordPurchases(
        lines.slice(i, i + CHUNK).map((p) => ({
          source_id: p.invoice,
          customer_id: p.customerId ? input.customer_ids[p.customerId] ?? null : null,
          product_id: input.product_ids[p.stockCode],
          quantity: p.quantity,
          unit_price: p.unitPrice,
          currency_code: "gbp",
          purchased_at: p.invoiceDate,
          is_return: p.isReturn,
        }))
      )
      await reportProgress(container, input.run_id, { processed: Math.min(i + CHUNK, lines.length) })
    }
    return new StepResponse({ lines: lines.length, inserted })
  }
)
