import { Modules } from "@medusajs/framework/utils"
import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type { CartRow } from "../../../modules/rl-agent/repositories/carts"
import type RlAgentModuleService from "../../../modules/rl-agent/service"
import { toNumber } from "../../utils/to-number"

export type CartForRecommendation = CartRow

type Read = (cartId: string) => Promise<CartForRecommendation | null>

// Postgres: undefined_table, undefined_column — the cart module's tables are not in this database as expected
const SCHEMA_ERRORS = new Set(["42P01", "42703"])

/** What the two reads must agree on for the statement to be trusted. */
function fingerprint(cart: CartForRecommendation | null): string {
  if (!cart) return "none"
  const items = cart.items.map((i) => `${i.product_id}×${i.quantity}@${i.unit_price}`).sort()
  return JSON.stringify([
    cart.id,
    cart.customer_id ?? null,
    cart.region_id ?? null,
    cart.currency_code ?? null,
    cart.sales_channel_id ?? null,
    cart.country_code ?? null,
    new Date(cart.created_at).getTime(),
    items,
  ])
}

/**
 * A cart reader that uses the one-statement read and proves it once: until
 * one existing cart has been read both ways and found equal, every read is
 * made both ways and the cart module's answer is served. A statement that
 * fails on the schema, or disagrees, switches this process to the cart
 * module for good, with one warning saying why.
 */
export function createCartReader(reads: { sql: Read; module: Read }, logger: Pick<Logger, "warn">): Read {
  let mode: "unchecked" | "sql" | "module" = "unchecked"
  const fallBack = (why: string) => {
    if (mode !== "module") {
      logger.warn(`rl-agent: reading carts through the cart module from now on (about 3 ms more per request): ${why}`)
    }
    mode = "module"
  }
  return async (cartId) => {
    if (mode === "module") return reads.module(cartId)
    let direct: CartForRecommendation | null
    try {
      direct = await reads.sql(cartId)
    } catch (e) {
      const code = (e as { code?: string }).code
      if (!code || !SCHEMA_ERRORS.has(code)) throw e
      fallBack(`the cart module's tables are not as expected in this database (${(e as Error).message})`)
      return reads.module(cartId)
    }
    if (mode === "sql") return direct
    const viaModule = await reads.module(cartId)
    if (fingerprint(direct) !== fingerprint(viaModule)) {
      fallBack(`the direct read of cart ${cartId} disagreed with the cart module's`)
    } else if (viaModule) {
      mode = "sql"
    }
    return viaModule
  }
}

/** The cart module's read, in the direct read's shape. */
export async function readCartThroughModule(container: MedusaContainer, cartId: string): Promise<CartForRecommendation | null> {
  const [cart] = await container.resolve(Modules.CART).listCarts(
    { id: cartId },
    {
      select: [
        "id",
        "customer_id",
        "region_id",
        "currency_code",
        "sales_channel_id",
        "created_at",
        "items.product_id",
        "items.quantity",
        "items.unit_price",
        "shipping_address.country_code",
      ],
      relations: ["items", "shipping_address"],
      take: 1,
    }
  )
  if (!cart) return null
  return {
    id: cart.id,
    customer_id: cart.customer_id ?? null,
    region_id: cart.region_id ?? null,
    currency_code: cart.currency_code ?? null,
    sales_channel_id: cart.sales_channel_id ?? null,
    created_at: new Date(cart.created_at as Date),
    country_code: cart.shipping_address?.country_code ?? null,
    items: (cart.items ?? []).map((i) => ({
      product_id: i.product_id ?? null,
      quantity: toNumber(i.quantity),
      unit_price: toNumber(i.unit_price),
    })),
  }
}

// one reader per agent module instance: its proof and fallback are per process
const readers = new WeakMap<object, Read>()

/** The cart the recommendation route is asked about, read as the `cartRead` option says. */
export function readCart(container: MedusaContainer, cartId: string): Promise<CartForRecommendation | null> {
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  if (rl.getOptions().cartRead === "module") return readCartThroughModule(container, cartId)
  let read = readers.get(rl)
  if (!read) {
    read = createCartReader(
      { sql: (id) => rl.getCart(id), module: (id) => readCartThroughModule(container, id) },
      container.resolve("logger")
    )
    readers.set(rl, read)
  }
  return read(cartId)
}
