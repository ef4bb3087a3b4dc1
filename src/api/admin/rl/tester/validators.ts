import { z } from "@medusajs/framework/zod"
import { SIMULATED_EVENTS } from "../../../../learning/simulate"
import { DEVICES } from "../../../../learning/state"
import { STRATEGIES } from "../../../../learning/strategies"
import { placementFields, placementIssues, safeString } from "../../../utils/validators"

const id = safeString("an id")

export type AdminPreviewRecommendationType = z.infer<typeof AdminPreviewRecommendation>
/** A shopper to test: a customer, and a stored cart or one built from products. */
export const AdminPreviewRecommendation = z
  .strictObject({
    /** As on the store route: `product` with a product_id, else `cart` with a cart, else `home`. */
    ...placementFields,
    customer_id: id.optional(),
    cart_id: id.optional(),
    items: z
      .array(z.strictObject({ product_id: id, quantity: z.number().int().min(1).max(10_000) }))
      .max(50, { message: "a test cart holds at most 50 lines" })
      .optional(),
    /** Default: the store's default sales channel. */
    sales_channel_id: id.optional(),
    /** Without a cart: the region to price in (default: as for a guest, see the README). */
    region_id: id.optional(),
    limit: z.number().int().min(1).max(50).optional(),
    device: z.enum(DEVICES).optional(),
    /** Makes the ε draw reproducible. */
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  })
  .refine((v) => !(v.cart_id && v.items?.length), { message: "Send either cart_id or items, not both", path: ["items"] })
  .superRefine((v, ctx) => {
    for (const issue of placementIssues(v, !!v.cart_id || !!v.items?.length)) ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message })
  })

export type AdminSimulateFeedbackType = z.infer<typeof AdminSimulateFeedback>
export const AdminSimulateFeedback = z.strictObject({
  /** The state key a preview returned. */
  state_key: safeString("state_key", 1000),
  strategy: z.enum(STRATEGIES),
  event: z.enum(SIMULATED_EVENTS),
  /** Order revenue in major units, for `purchase`. */
  revenue: z.number().min(0).max(10_000_000).optional(),
})
