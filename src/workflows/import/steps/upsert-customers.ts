import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { createCustomersWorkflow } from "@medusajs/medusa/core-flows"
import { countryIso } from "../../../data/online-retail/countries"
import { loadImportPlan } from "../plan"
import { reportProgress } from "./progress"

const BATCH = 500

/**
 * The data set's customers have an id and a country, nothing else: each
 * becomes a Medusa customer with a reserved-domain email (`<id>@online-retail.invalid`,
 * which can never receive mail) and the id and country in metadata.
 */
export function importedCustomerEmail(customerId: string): string {
  return `${customerId}@online-retail.invalid`
}

/** Creates the customers that do not exist yet; returns data set id → Medusa customer id. */
export const upsertCustomersStep = createStep(
  "rl-import-customers",
  async (input: { file_path: string; run_id?: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const plan = await loadImportPlan(input.file_path)
    await reportProgress(container, input.run_id, { phase: "customers", processed: 0, total: plan.customers.length })
    const ids: Record<string, string> = {}
    let done = 0
    for (let i = 0; i < plan.customers.length; i += BATCH) {
      const batch = plan.customers.slice(i, i + BATCH)
      const { data: existing } = await query.graph({
        entity: "customer",
        fields: ["id", "email"],
        filters: { email: batch.map((c) => importedCustomerEmail(c.customerId)) },
      })
      const byEmail = new Map((existing as any[]).map((c) => [c.email, c.id]))
      const missing = batch.filter((c) => !byEmail.has(importedCustomerEmail(c.customerId)))
      if (missing.length) {
        const { result } = await createCustomersWorkflow(container).run({
          input: {
            customersData: missing.map((c) => ({
              email: importedCustomerEmail(c.customerId),
              first_name: "Customer",
              last_name: c.customerId,
              metadata: { online_retail_id: c.customerId, country: c.country, country_code: countryIso(c.country) },
            })),
          },
        })
        result.forEach((c: any) => byEmail.set(c.email, c.id))
      }
      for (const c of batch) ids[c.customerId] = byEmail.get(importedCustomerEmail(c.customerId))!
      done += batch.length
      await reportProgress(container, input.run_id, { processed: done })
    }
    return new StepResponse(ids)
  }
)
