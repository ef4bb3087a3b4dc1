import { z } from "@medusajs/framework/zod"
import { PLACEMENTS } from "../../../../learning/state"
import { STRATEGIES } from "../../../../learning/strategies"
import { safeString } from "../../../utils/validators"

export const DECISIONS_CSV_MAX_ROWS = 50_000

export type AdminListDecisionsType = z.infer<typeof AdminListDecisions>
export const AdminListDecisions = z
  .strictObject({
    offset: z.coerce.number().int().min(0).default(0),
    /** Page size: at most 100 as JSON; a CSV export takes the whole filtered set up to 50,000 rows. */
    limit: z.coerce.number().int().min(1).max(DECISIONS_CSV_MAX_ROWS).optional(),
    strategy: z.enum(STRATEGIES).optional(),
    placement: z.enum(PLACEMENTS).optional(),
    explored: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
    /** A Medusa customer id: matched against the keyed hash the log stores. */
    customer_id: safeString("customer_id").optional(),
    cart_id: safeString("cart_id").optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    format: z.enum(["json", "csv"]).default("json"),
  })
  .superRefine((q, ctx) => {
    if (q.format === "json" && (q.limit ?? 20) > 100) {
      ctx.addIssue({ code: "custom", path: ["limit"], message: "limit must be at most 100 for JSON pages (use format=csv to export more)" })
    }
    if (q.from && q.to && q.from > q.to) {
      ctx.addIssue({ code: "custom", path: ["from"], message: "from must not be after to" })
    }
  })
