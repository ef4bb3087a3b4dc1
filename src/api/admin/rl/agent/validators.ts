import { z } from "@medusajs/framework/zod"
import { STRATEGIES } from "../../../../learning/strategies"

const unit = z.number().min(0).max(1)

export type AdminUpdateAgentType = z.infer<typeof AdminUpdateAgent>
export const AdminUpdateAgent = z
  .strictObject({
    epsilon: unit.optional(),
    epsilon_min: unit.optional(),
    epsilon_decay: z.number().gt(0).max(1).optional(),
    alpha: z.number().gt(0).max(1).optional(),
    gamma: unit.optional(),
    learning_enabled: z.boolean().optional(),
    /** a strategy served to every shopper instead of the policy; null: the agent decides again */
    serving_strategy: z.enum(STRATEGIES).nullable().optional(),
    /** the guard rail: the strategies exploration may try; null: all six */
    explore_strategies: z
      .array(z.enum(STRATEGIES))
      .min(1)
      .transform((a) => [...new Set(a)])
      .nullable()
      .optional(),
    /** the per-request rail: explore only into a strategy whose own list fills the shopper's request */
    explore_full_list: z.boolean().optional(),
    /** and count only products with at least this stock (implies the full-list check); null: no level */
    explore_min_stock: z.number().int().min(1).max(1_000_000).nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, {
    message: "Send at least one of epsilon, epsilon_min, epsilon_decay, alpha, gamma, learning_enabled, serving_strategy, explore_strategies, explore_full_list, explore_min_stock",
  })
