import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { createProductCategoriesWorkflow } from "@medusajs/medusa/core-flows"
import { OTHER_CATEGORY, TAXONOMY } from "../../../data/online-retail/taxonomy"
import { reportProgress } from "./progress"

/** The taxonomy's categories, created if missing; returns handle → id. */
export const upsertCategoriesStep = createStep(
  "rl-import-categories",
  async (input: { run_id?: string }, { container }) => {
    await reportProgress(container, input.run_id, { phase: "categories" })
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const wanted = [...TAXONOMY, OTHER_CATEGORY]
    const { data: existing } = await query.graph({
      entity: "product_category",
      fields: ["id", "handle"],
      filters: { handle: wanted.map((c) => c.handle) },
    })
    const ids: Record<string, string> = Object.fromEntries(existing.map((c: any) => [c.handle, c.id]))
    const missing = wanted.filter((c) => !ids[c.handle])
    if (missing.length) {
      const { result } = await createProductCategoriesWorkflow(container).run({
        input: { product_categories: missing.map((c) => ({ name: c.name, handle: c.handle, is_active: true })) },
      })
      for (const c of result) ids[c.handle] = c.id
    }
    return new StepResponse(ids)
  }
)
