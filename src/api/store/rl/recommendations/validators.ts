import { z } from "@medusajs/framework/zod"
import type { FeedbackRequest, RecommendationsRequest } from "../../../../../packages/storefront/src/types"
import { FEEDBACK_TYPES } from "../../../../learning/reward"
import { DEVICES } from "../../../../learning/state"
import type { Equals } from "../../../utils/type-equals"
import { placementFields, placementIssues, safeString } from "../../../utils/validators"

const id = safeString("an id", 128)

export type StoreCreateRecommendationType = z.infer<typeof StoreCreateRecommendation>
export const StoreCreateRecommendation = z
  .strictObject({
    ...placementFields,
    cart_id: id.optional(),
    limit: z.number().int().min(1).max(50).optional(),
    region_id: id.optional(),
    country_code: z
      .string()
      .regex(/^[A-Za-z]{2}$/, { message: "country_code must be an ISO 3166-1 alpha-2 code such as \"gb\"" })
      .optional(),
    context: z
      .strictObject({
        device: z.enum(DEVICES).optional(),
        session_id: id.optional(),
      })
      .optional(),
  })
  .superRefine((r, ctx) => {
    for (const issue of placementIssues(r, !!r.cart_id)) ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message })
  })

export type StoreRecommendationFeedbackType = z.infer<typeof StoreRecommendationFeedback>
export const StoreRecommendationFeedback = z
  .strictObject({
    type: z.enum(FEEDBACK_TYPES),
    product_id: id.optional(),
    /** The cart the recommendation was served for (not needed when authenticated as its customer). */
    cart_id: id.optional(),
    /** The recommendation's feedback_token: enough for view, click and dismiss without a cart. */
    token: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, { message: "token must be the feedback_token of the recommendation, as it was returned" }).optional(),
  })
  .superRefine((f, ctx) => {
    if ((f.type === "click" || f.type === "add_to_cart") && !f.product_id) {
      ctx.addIssue({ code: "custom", path: ["product_id"], message: `${f.type} needs the product_id of the recommended product` })
    }
  })

// The storefront package's request types are these validators' types: a change to either that the
// other does not follow fails the build here.
const requestMatches: Equals<StoreCreateRecommendationType, RecommendationsRequest> = true
const feedbackMatches: Equals<StoreRecommendationFeedbackType, FeedbackRequest> = true
void requestMatches
void feedbackMatches
