import { z } from "@medusajs/framework/zod"
import { INTENTS, type Intent } from "../../learning/intents"
import { PLACEMENTS, type Placement } from "../../learning/state"

/**
 * A trimmed, bounded string Postgres can store: a NUL character is refused
 * here with a 400 naming the field, rather than by the database with a 500.
 */
export const safeString = (field: string, max = 200) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !s.includes("\u0000"), { message: `${field} must not contain NUL characters` })

/** Where a list is shown and what for: the store route and the admin tester take the same three fields. */
export const placementFields = {
  placement: z.enum(PLACEMENTS).optional(),
  product_id: safeString("an id", 128).optional(),
  intent: z.enum(INTENTS).optional(),
}

/** What a request's placement, product and intent lack together (`hasCart`: a cart or cart items were sent). */
export function placementIssues(
  r: { placement?: Placement; product_id?: string; intent?: Intent },
  hasCart: boolean
): Array<{ path: string; message: string }> {
  const issues: Array<{ path: string; message: string }> = []
  if (r.placement === "product" && !r.product_id) {
    issues.push({ path: "product_id", message: "placement product needs the product_id of the page's product" })
  }
  if (r.product_id && r.placement && r.placement !== "product") {
    issues.push({ path: "placement", message: `product_id is the product page's product: send placement "product" (or leave it out), not "${r.placement}"` })
  }
  if (r.intent === "similar" && !r.product_id && !hasCart) {
    issues.push({ path: "intent", message: "intent similar needs a product_id (or a cart_id) to find substitutes for" })
  }
  return issues
}
