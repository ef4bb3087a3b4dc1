import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { toNumber } from "../../utils/to-number"
import type { MedusaContainer } from "@medusajs/framework/types"
import { customerFeatures } from "../../../learning/profile"
import { cardsById } from "../../../learning/ranking"
import { emptyContext, type Device, type Placement, type StateContext } from "../../../learning/state"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"
import { getCatalog, getStoreDefaults, productInChannel, type CatalogKey } from "../catalog"
import { pickRegion, type RegionSource } from "../region"
import { readCart } from "./read-cart"

export type LoadShopperContextInput = {
  /** Where the list is shown (default: `product` with a product_id, `cart` with a cart_id, else `home`). */
  placement?: Placement
  /** The product page's product. */
  product_id?: string
  cart_id?: string
  /** The authenticated customer, if any: never taken from the request body. */
  customer_id?: string | null
  /** Sales channels of the publishable key the request came with. */
  sales_channel_ids: string[]
  /** Where to price a shopper without a cart (see `pickRegion`); ignored with a cart. */
  region_id?: string
  country_code?: string
  device?: Device
  session_id?: string
  /**
   * A cart built in the admin tester instead of a stored one: priced in the
   * region `pickRegion` chooses. Ignored with `cart_id`.
   */
  items?: Array<{ product_id: string; quantity: number }>
  now?: Date
}

export type ShopperContext = {
  state: StateContext
  placement: Placement
  product_id: string | null
  catalog_key: CatalogKey
  /** The region the products are priced in, and why it was chosen. */
  region: { id: string; currency_code: string; source: RegionSource }
  cart_id: string | null
  customer_id: string | null
  cart_product_ids: string[]
  /** Products the customer bought before, with units: the personalisation seed. */
  history_product_ids: string[]
}

// building an Intl.DateTimeFormat costs far more than using one: one per time zone
const formats = new Map<string, Intl.DateTimeFormat>()

/** Hour and weekday of `now` in the store's time zone. */
export function clock(now: Date, timeZone: string): { hour: number; weekday: number } {
  let format = formats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "numeric", hourCycle: "h23", weekday: "short" })
    formats.set(timeZone, format)
  }
  const parts = format.formatToParts(now)
  const hour = Number(parts.find((p) => p.type === "hour")?.value ?? 0)
  const wd = parts.find((p) => p.type === "weekday")?.value ?? "Mon"
  return { hour, weekday: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(wd) }
}

/**
 * Builds the shopper's state from what the server knows: the cart (items,
 * region, country), the customer's purchase history and the clock.
 */
export async function loadShopperContext(container: MedusaContainer, input: LoadShopperContextInput): Promise<ShopperContext> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const options = rl.getOptions()
  const now = input.now ?? new Date()

  const cart = input.cart_id ? await readCart(container, input.cart_id) : null
  if (input.cart_id) {
    // Another customer's cart is reported as missing: its existence is not ours to reveal.
    const foreign = cart?.customer_id && input.customer_id && cart.customer_id !== input.customer_id
    if (!cart || foreign) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cart with id: ${input.cart_id} was not found`)
    }
    if (cart.sales_channel_id && !input.sales_channel_ids.includes(cart.sales_channel_id)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Cart ${input.cart_id} belongs to a sales channel that this publishable key is not linked to`
      )
    }
  }

  const salesChannelId = cart?.sales_channel_id ?? input.sales_channel_ids[0]
  if (!salesChannelId) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "The publishable key is not linked to a sales channel: link one in the admin (Settings → Publishable API Keys)"
    )
  }
  const cartRegion = cart?.region_id && cart?.currency_code
  const region = pickRegion({
    cart: cart
      ? { region_id: cart.region_id ?? null, currency_code: cart.currency_code ?? null, country: cart.country_code ?? null }
      : null,
    region_id: input.region_id,
    country_code: input.country_code?.toLowerCase(),
    // a cart with a region needs nothing more: no store lookup on the hot path
    defaults: cartRegion ? { regionId: null, defaultCurrency: null, regions: [] } : await getStoreDefaults(query, rl),
  })
  if ("problem" in region) {
    throw new MedusaError(region.problem === "no_region" ? MedusaError.Types.NOT_ALLOWED : MedusaError.Types.INVALID_DATA, region.message)
  }
  const regionId = region.region_id
  const currencyCode = region.currency_code
  const country = region.country

  const customerId: string | null = input.customer_id ?? cart?.customer_id ?? null
  const catalogKey: CatalogKey = { salesChannelId, regionId, currencyCode }
  if (input.product_id) {
    const catalog = await getCatalog(query, rl, catalogKey, container.resolve(ContainerRegistrationKeys.LOGGER))
    // a page's product out of stock is not in the snapshot's cards, but is still a product of the channel
    const known = catalog.categoriesByProduct.has(input.product_id) || cardsById(catalog.cards).has(input.product_id)
    if (!known && !(await productInChannel(query, salesChannelId, input.product_id))) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `Product with id: ${input.product_id} was not found in the sales channel of this publishable key`
      )
    }
  }
  let items: any[] = cart?.items ?? []
  if (!cart && input.items?.length) {
    const catalog = await getCatalog(query, rl, catalogKey, container.resolve(ContainerRegistrationKeys.LOGGER))
    const price = new Map(catalog.cards.map((c) => [c.id, c.amount]))
    const unknown = input.items.filter((i) => !price.has(i.product_id)).map((i) => i.product_id)
    if (unknown.length) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Not published, priced and in stock in region ${regionId}: ${unknown.slice(0, 5).join(", ")}`
      )
    }
    items = input.items.map((i) => ({ ...i, unit_price: price.get(i.product_id) }))
  }
  const history = customerId ? await rl.getCustomerHistory(customerId) : null
  // read on the history's clock, as the model was fitted: an imported past is not "15 years ago"
  const customer = customerFeatures(history, history ? await rl.getHistoryClock(now) : now)
  const { hour, weekday } = clock(now, options.timeZone)
  const placement: Placement = input.placement ?? (input.product_id ? "product" : cart || input.items?.length ? "cart" : "home")
  const state: StateContext = emptyContext({
    cartTotal: items.reduce((s, i) => s + toNumber(i.unit_price ?? 0) * toNumber(i.quantity ?? 0), 0),
    itemCount: items.reduce((s, i) => s + toNumber(i.quantity ?? 0), 0),
    secondsInSession: cart?.created_at
      ? Math.max(0, (now.getTime() - new Date(cart.created_at).getTime()) / 1000)
      : 0,
    priceSensitivity: customer.priceSensitivity,
    engagementLevel: customer.engagementLevel,
    hour,
    weekday,
    country: country ? String(country).toLowerCase() : null,
    device: input.device ?? null,
    customerId,
    sessionId: input.session_id ?? null,
    placement,
  })

  const result: ShopperContext = {
    state,
    placement,
    product_id: input.product_id ?? null,
    catalog_key: catalogKey,
    region: { id: regionId, currency_code: currencyCode, source: region.source },
    cart_id: cart?.id ?? null,
    customer_id: customerId,
    cart_product_ids: [...new Set(items.map((i) => i.product_id).filter(Boolean))] as string[],
    history_product_ids: history?.topProductIds ?? [],
  }
  return result
}
