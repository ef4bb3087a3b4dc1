import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { RL_AGENT_MODULE } from "../../../../modules/rl-agent"
import type RlAgentModuleService from "../../../../modules/rl-agent/service"
import { DECISIONS_CSV_MAX_ROWS, type AdminListDecisionsType } from "./validators"

const CSV_COLUMNS = [
  "id", "created_at", "placement", "intent", "anchor_product_id", "strategy", "explored", "propensity", "epsilon", "model_version", "state_key", "cart_id",
  "customer_hash", "country", "fallback", "product_ids", "rewards", "reward_sum", "engaged", "converted", "revenue", "currency_code",
] as const

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? "" : Array.isArray(v) ? v.join(" ") : v instanceof Date ? v.toISOString() : String(v)
  // quote what needs it; neutralise spreadsheet formulas
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/**
 * The decision log with each decision's rewards, newest first, filtered by
 * strategy, placement, explored, customer, cart and time. One query per page (or per
 * CSV export), whatever its size.
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminListDecisionsType>, res: MedusaResponse) => {
  const q = req.validatedQuery as AdminListDecisionsType
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const csv = q.format === "csv"
  const limit = q.limit ?? (csv ? DECISIONS_CSV_MAX_ROWS : 20)
  const { decisions, count } = await rl.listDecisionLog(
    {
      strategy: q.strategy,
      placement: q.placement,
      explored: q.explored,
      customer_id: q.customer_id,
      cart_id: q.cart_id,
      from: q.from,
      to: q.to,
    },
    { offset: q.offset, limit }
  )
  if (!csv) {
    res.json({ decisions, count, offset: q.offset, limit })
    return
  }
  const lines = [CSV_COLUMNS.join(",")]
  for (const d of decisions) {
    const row = { ...d, rewards: d.rewards.map((r) => `${r.kind}:${r.value}`).join(" ") } as Record<string, unknown>
    lines.push(CSV_COLUMNS.map((c) => csvCell(row[c])).join(","))
  }
  res.setHeader("content-type", "text/csv; charset=utf-8")
  res.setHeader("content-disposition", `attachment; filename="rl-decisions-${new Date().toISOString().slice(0, 10)}.csv"`)
  res.setHeader("x-total-count", String(count))
  res.send(lines.join("\n") + "\n")
}
