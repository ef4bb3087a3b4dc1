import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { toNumber } from "../../utils/to-number"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"

export type OrderFacts = {
  order_id: string
  cart_id: string | null
  customer_id: string | null
  currency_code: string
  placed_at: Date
  lines: Array<{ id: string; product_id: string; quantity: number; unit_price: number }>
  /** When each product first entered the order's cart (ISO), for the attribution rule. */
  entered_at: Record<string, string>
}

/** The order as the server recorded it: lines, prices paid, its cart. Never the storefront's word. */
export const loadOrderStep = createStep("rl-load-order", async (input: { order_id: string }, { container }) => {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "customer_id",
      "currency_code",
      "created_at",
      "cart.id",
      "cart.items.product_id",
      "cart.items.created_at",
      "items.id",
      "items.product_id",
      "items.quantity",
      "items.unit_price",
      // an order line's quantity lives on its detail (order item) in Medusa v2
      "items.detail.quantity",
    ],
    filters: { id: input.order_id },
  })
  const order = data[0]
  if (!order) {
    // the event may outrun the order's commit: fail, and the job is retried
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${input.order_id} was not found`)
  }
  const entered: Record<string, string> = {}
  for (const item of ((order as any).cart?.items ?? []) as Array<{ product_id?: string | null; created_at: string | Date }>) {
    if (!item?.product_id) continue
    const at = new Date(item.created_at).toISOString()
    if (!entered[item.product_id] || at < entered[item.product_id]) entered[item.product_id] = at
  }
  const facts: OrderFacts = {
    order_id: order.id,
    cart_id: (order as any).cart?.id ?? null,
    customer_id: order.customer_id ?? null,
    currency_code: order.currency_code,
    placed_at: new Date(order.created_at as any),
    lines: (order.items ?? [])
      .filter((i: any) => i?.product_id)
      .map((i: any) => ({
        id: i.id,
        product_id: i.product_id,
        quantity: toNumber(i.detail?.quantity ?? i.quantity),
        unit_price: toNumber(i.unit_price),
      })),
    entered_at: entered,
  }
  return new StepResponse(facts)
})

/** Returned lines of a return, as products and quantities. */
export const loadReturnStep = createStep(
  "rl-load-return",
  async (input: { return_id: string; order_lines: OrderFacts["lines"] }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "return",
      fields: ["id", "items.item_id", "items.quantity", "items.received_quantity"],
      filters: { id: input.return_id },
    })
    const productOf = new Map(input.order_lines.map((l) => [l.id, l.product_id]))
    const returned = (data[0]?.items ?? [])
      .map((i: any) => ({
        product_id: productOf.get(i.item_id) as string,
        quantity: toNumber(i.received_quantity ?? i.quantity ?? 0),
      }))
      .filter((r: any) => r.product_id && r.quantity > 0)
    return new StepResponse(returned as Array<{ product_id: string; quantity: number }>)
  }
)
