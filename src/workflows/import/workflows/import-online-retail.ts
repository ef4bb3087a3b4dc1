import { WorkflowResponse, createWorkflow, transform } from "@medusajs/framework/workflows-sdk"
import { completeImportRunStep } from "../steps/complete-import-run"
import { ensureStoreSetupStep } from "../steps/ensure-store-setup"
import { fitStatisticsStep } from "../steps/fit-statistics"
import { importPurchasesStep } from "../steps/import-purchases"
import { upsertCategoriesStep } from "../steps/upsert-categories"
import { upsertCustomersStep } from "../steps/upsert-customers"
import { upsertProductsStep } from "../steps/upsert-products"
import { validateImportFileStep, type ImportInput } from "../steps/validate-import-file"

export const importOnlineRetailWorkflowId = "rl-import-online-retail"

/**
 * Imports the UCI Online Retail data set (XLSX, CSV, CSV.gz or Parquet):
 * products, categories, customers, purchase history and the fitted state
 * model. Every step skips what exists, so re-running the same file changes
 * nothing and a run killed halfway completes when started again.
 */
export const importOnlineRetailWorkflow = createWorkflow(importOnlineRetailWorkflowId, (input: ImportInput) => {
  const summary = validateImportFileStep(input)
  const setup = ensureStoreSetupStep({ run_id: input.run_id, price_in: input.price_in })
  const categories = upsertCategoriesStep({ run_id: input.run_id })
  const productIds = upsertProductsStep({ file_path: input.file_path, run_id: input.run_id, setup, categories })
  const customerIds = upsertCustomersStep({ file_path: input.file_path, run_id: input.run_id })
  const purchases = importPurchasesStep({
    file_path: input.file_path,
    run_id: input.run_id,
    product_ids: productIds,
    customer_ids: customerIds,
  })
  const fitted = fitStatisticsStep({ file_path: input.file_path, run_id: input.run_id })
  const result = transform({ summary, setup, productIds, customerIds, purchases, fitted }, (d) => ({
    summary: d.summary,
    region_id: d.setup.region_id,
    sales_channel_id: d.setup.sales_channel_id,
    store_setup: { actions: d.setup.actions, notes: d.setup.notes },
    products: Object.keys(d.productIds).length,
    customers: Object.keys(d.customerIds).length,
    purchase_lines: d.purchases.lines,
    purchase_lines_inserted: d.purchases.inserted,
    statistics: d.fitted.statistics,
  }))
  completeImportRunStep({ run_id: input.run_id, result })
  return new WorkflowResponse(result)
})
