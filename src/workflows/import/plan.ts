import { statSync } from "fs"
import { RetailAccumulator, type CustomerPlan, type ImportSummary, type ProductPlan, type PurchaseLog } from "../../data/online-retail/aggregate"
import { readRetailFile, type ReadProgress } from "../../data/online-retail/read"
import { fitRetailStateModel } from "../../data/online-retail/statistics"
import type { StateModel } from "../../learning/state"

export interface ImportPlan {
  summary: ImportSummary
  products: ProductPlan[]
  customers: CustomerPlan[]
  /** Iterated, never held as one object per line: 5M lines would not fit the default heap. */
  purchases: PurchaseLog
  stateModel: StateModel
}

/**
 * The parsed file, kept for the steps of one run: workflow steps pass ids
 * and counts between them, not half a million purchase lines. Deterministic,
 * so a step retried in another process simply parses again.
 */
let memo: { key: string; plan: Promise<ImportPlan> } | null = null

export function loadImportPlan(filePath: string, onProgress?: (p: ReadProgress) => void): Promise<ImportPlan> {
  const st = statSync(filePath)
  const key = `${filePath}|${st.size}|${st.mtimeMs}`
  if (memo?.key === key) return memo.plan
  const plan = (async () => {
    const acc = new RetailAccumulator()
    for await (const { line, row } of readRetailFile(filePath, { onProgress })) acc.addRaw(row, line)
    acc.seal()
    const purchases = acc.purchaseLog()
    const customers = acc.customers()
    return {
      summary: acc.summary(),
      products: acc.products(),
      customers,
      purchases,
      stateModel: fitRetailStateModel(purchases, customers),
    }
  })()
  memo = { key, plan }
  plan.catch(() => {
    if (memo?.key === key) memo = null
  })
  return plan
}
