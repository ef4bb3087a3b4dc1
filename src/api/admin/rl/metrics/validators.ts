import { z } from "@medusajs/framework/zod"
import { METRICS_GROUP_BY } from "../../../../modules/rl-agent/service"

export type AdminMetricsQueryType = z.infer<typeof AdminMetricsQuery>
export const AdminMetricsQuery = z
  .strictObject({
    /** Default: 7 days before `to`. */
    from: z.coerce.date().optional(),
    /** Default: now. */
    to: z.coerce.date().optional(),
    granularity: z.enum(["hour", "day"]).default("day"),
    /** `segment_strategy` / `country_strategy`: the strategy mix within each, keyed "segment|strategy". */
    group_by: z.enum(METRICS_GROUP_BY).default("none"),
    /** Only decisions priced in this currency: revenue is never added across currencies. */
    currency_code: z
      .string()
      .regex(/^[A-Za-z]{3}$/, { message: "currency_code must be an ISO 4217 code such as \"eur\"" })
      .transform((c) => c.toLowerCase())
      .optional(),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from >= q.to) ctx.addIssue({ code: "custom", path: ["from"], message: "from must be before to" })
    if (q.from && q.to && q.granularity === "hour" && q.to.getTime() - q.from.getTime() > 93 * 86_400_000) {
      ctx.addIssue({ code: "custom", path: ["granularity"], message: "hourly metrics cover at most 93 days: use granularity=day" })
    }
  })

export type AdminMetricsSummaryType = z.infer<typeof AdminMetricsSummary>
export const AdminMetricsSummary = z.strictObject({
  hours: z.coerce.number().int().min(1).max(24 * 90).default(24),
})

export type AdminConvergenceQueryType = z.infer<typeof AdminConvergenceQuery>
export const AdminConvergenceQuery = z.strictObject({
  /** Default: the model version being served. */
  model_version: z.coerce.number().int().min(1).optional(),
  /** The model's last this many days on record (a trained model's are dated by the history it replayed). */
  days: z.coerce.number().int().min(1).max(400).default(30),
})
