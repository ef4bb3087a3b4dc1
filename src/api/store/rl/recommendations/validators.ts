import { z } from "@medusajs/framework/zod"
import { FEEDBACK_TYPES } from "../../../../learning/reward"
import { DEVICES } from "../../../../learning/state"
import { safeString } from "../../../utils/validators"

const id = safeString("an id", 128)

export type StoreCreateRecommendationType = z.infer<typeof StoreCreateRecommendation>
export const StoreCreateRecommendation = z.strictObject({
  cart_id: id.optional(),
  limit: z.number().int().min(1).max(50).optional(),
  context: z
    .strictObject({
      device: z.enum(DEVICES).optional(),
      session_id: id.optional(),
    })
    .optional(),
})

export type StoreRecommendationFeedbackType = z.infer<typeof StoreRecommendationFeedback>
export const StoreRecommendationFeedback = z.strictObject({
  type: z.enum(FEEDBACK_TYPES),
  product_id: id.optional(),
  /** The cart the recommendation was served for (not needed when authenticated as its customer). */
  cart_id: id.optional(),
})
