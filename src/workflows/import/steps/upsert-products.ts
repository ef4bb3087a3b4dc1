import { ContainerRegistrationKeys, ProductStatus } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { createInventoryLevelsWorkflow, createProductsWorkflow } from "@medusajs/medusa/core-flows"
import { loadImportPlan } from "../plan"
import type { StoreSetup } from "./ensure-store-setup"
import { reportProgress } from "./progress"

const BATCH = 100
const LOOKUP = 1000
/** Stock each imported product starts with: the data set has sales, not stock. */
export const IMPORTED_STOCK = 10_000

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/**
 * One published product per real stock code (SKU = stock code), priced in
 * GBP, in the taxonomy's category, in the store's sales channel, with stock.
 * Existing SKUs are kept as they are, so re-running or resuming adds only
 * what is missing; stock levels are checked for every imported SKU, so a run
 * killed between creating products and stocking them is repaired.
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
    let done = Object.keys(productIds).length
    await reportProgress(container, input.run_id, { processed: done })

    for (const batch of chunks(products.filter((p) => !productIds[p.stockCode]), BATCH)) {
      const { result } = await createProductsWorkflow(container).run({
        input: {
          products: batch.map((p) => ({
            title: p.title,
            handle: `or-${p.stockCode.toLowerCase()}`,
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
                prices: [{ amount: p.price, currency_code: "gbp" }],
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
