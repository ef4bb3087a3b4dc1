import { z } from "@medusajs/framework/zod"
import { STRATEGIES } from "../../../../learning/strategies"

export const OPE_POLICIES = ["greedy", "current", "uniform", ...STRATEGIES.map((s) => `fixed:${s}` as const)] as const

export type AdminOpeQueryType = z.infer<typeof AdminOpeQuery>
export const AdminOpeQuery = z.strictObject({
  /** The candidate policy: greedy on the current Q-table, ε-greedy at the current ε, uniform, or one strategy always. */
  policy: z.enum(OPE_POLICIES).default("greedy"),
  /** Decisions of this model version (default: the current one). */
  model_version: z.coerce.number().int().min(1).optional(),
  /** Only decisions made at or after this time (ISO 8601). */
  since: z.coerce.date().optional(),
  /** Newest settled decisions used, at most. */
  limit: z.coerce.number().int().min(10).max(100_000).default(10_000),
  /** Bootstrap resamples of the intervals. */
  resamples: z.coerce.number().int().min(100).max(2000).default(500),
})
