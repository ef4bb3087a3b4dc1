import { z } from "@medusajs/framework/zod"

export type AdminCustomerInsightType = z.infer<typeof AdminCustomerInsight>
export const AdminCustomerInsight = z.strictObject({
  /** Latest decisions to return. */
  limit: z.coerce.number().int().min(1).max(50).default(10),
})
