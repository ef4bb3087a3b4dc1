import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { toNumber } from "../../utils/to-number"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"

export type CartActivity = {
  cart_id: string
  customer_id: string | null
  created_at: Date
  lines: Array<{ product_id: string; quantity: number; created_at: Date }>
} | null

/** The cart's lines with the time each was added; null when the cart is gone. */
export const loadCartStep = createStep("rl-load-cart", async (input: { cart_id: string }, { container }) => {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "cart",
    fields: ["id", "customer_id", "created_at", "items.product_id", "items.quantity", "items.created_at"],
    filters: { id: input.cart_id },
  })
  const cart = data[0]
  const activity: CartActivity = cart
    ? {
        cart_id: cart.id,
        customer_id: cart.customer_id ?? null,
        created_at: new Date(cart.created_at as any),
        lines: (cart.items ?? [])
          .filter((i: any) => i?.product_id)
          .map((i: any) => ({ product_id: i.product_id, quantity: toNumber(i.quantity), created_at: new Date(i.created_at) })),
      }
    : null
  return new StepResponse(activity)
})
