import { ContainerRegistrationKeys, ProductStatus } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import {
  createInventoryLevelsWorkflow,
  createProductsWorkflow,
  deleteProductsWorkflow,
} from "@medusajs/medusa/core-flows"
import { loadImportPlan } from "../plan"
import type { StoreSetup } from "./ensure-store-setup"
import { reportProgress } from "./progress"

const BATCH = 100
const LOOKUP = 1000
/** Stock each imported product starts with: the data set has sales, not stock. */
export const IMPORTED_STOCK = 10_000

export function importedHandle(stockCode: string): string {
  return `or-${stockCode.toLowerCase()}`
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/**
 * One published product per real stock code (SKU = stock code), priced in
 * GBP (and the `price_in` currencies), in the taxonomy's category, in the store's sales channel, with stock.
 * Existing SKUs are kept as they are, so re-running or resuming adds only
 * what is missing. A run killed in the middle of a batch can leave products
 * without their variant (product creation spans modules): those are deleted
 * and created again. Stock levels are checked for every imported SKU, so a
 * run killed between creating products and stocking them is repaired too.
 * Returns stock code → product id.
 */
export const upsertProductsStep = createStep(
  "rl-import-products",
  async (input: { file_path: string; run_id?: string; setup: StoreSetup; categories: Record<string, string> }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const plan = await loadImportPlan(input.file_path)
    const products = plan.products
    await reportProgress(container, input.run_id, { phase: "products", processed: 0, total: products.length })

    const productIds: Record<string, string> = {}
    for (const codes of chunks(products.map((p) => p.stockCode), LOOKUP)) {
      const { data } = await query.graph({ entity: "variant", fields: ["sku", "product_id"], filters: { sku: codes } })
      for (const v of data as any[]) productIds[v.sku] = v.product_id
    }
    // leftovers of a killed batch: our handle, but no variant with the SKU
    const pending = products.filter((p) => !productIds[p.stockCode])
    for (const batch of chunks(pending, LOOKUP)) {
      const { data } = await query.graph({
        entity: "product",
        fields: ["id", "variants.sku"],
        filters: { handle: batch.map((p) => importedHandle(p.stockCode)) },
      })
      const orphans = (data as any[]).filter((p) => !(p.variants ?? []).some((v: any) => v?.sku)).map((p) => p.id)
      if (orphans.length) await deleteProductsWorkflow(container).run({ input: { ids: orphans } })
    }
    let done = Object.keys(productIds).length
    await reportProgress(container, input.run_id, { processed: done })

    for (const batch of chunks(products.filter((p) => !productIds[p.stockCode]), BATCH)) {
      const { result } = await createProductsWorkflow(container).run({
        input: {
          products: batch.map((p) => ({
            title: p.title,
            handle: importedHandle(p.stockCode),
            status: ProductStatus.PUBLISHED,
            shipping_profile_id: input.setup.shipping_profile_id,
            category_ids: input.categories[p.category] ? [input.categories[p.category]] : [],
            sales_channels: [{ id: input.setup.sales_channel_id }],
            metadata: { online_retail_stock_code: p.stockCode },
            options: [{ title: "Default", values: ["Default"] }],
            variants: [
              {
                title: "Default",
                sku: p.stockCode,
                manage_inventory: true,
                options: { Default: "Default" },
                prices: [
                  { amount: p.price, currency_code: "gbp" },
                  // the merchant's own rate, never one of ours
                  ...Object.entries(input.setup.price_in).map(([currency_code, rate]) => ({
                    amount: Math.round(p.price * rate * 100) / 100,
                    currency_code,
                  })),
                ],
              },
            ],
          })),
        },
      })
      batch.forEach((p, i) => (productIds[p.stockCode] = result[i].id))
      done += batch.length
      await reportProgress(container, input.run_id, { processed: done })
    }

    // stock at the location for every imported SKU that has none there yet
    for (const codes of chunks(Object.keys(productIds), LOOKUP)) {
      const { data: items } = await query.graph({
        entity: "inventory_item",
        fields: ["id", "sku", "location_levels.location_id"],
        filters: { sku: codes },
      })
      const missing = (items as any[]).filter(
        (i) => !(i.location_levels ?? []).some((l: any) => l?.location_id === input.setup.location_id)
      )
      if (missing.length) {
        await createInventoryLevelsWorkflow(container).run({
          input: {
            inventory_levels: missing.map((i) => ({
              inventory_item_id: i.id,
              location_id: input.setup.location_id,
              stocked_quantity: IMPORTED_STOCK,
            })),
          },
        })
      }
    }
    return new StepResponse(productIds)
  }
)
