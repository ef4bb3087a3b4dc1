import jwt from "jsonwebtoken"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createInventoryLevelsWorkflow,
  createProductCategoriesWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createShippingOptionsWorkflow,
  createSalesChannelsWorkflow,
  createStockLocationsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
} from "@medusajs/medusa/core-flows"

const JWT_SECRET = process.env.JWT_SECRET ?? "supersecret"

export type ProductSpec = {
  title: string
  price: number
  category?: string
  stock?: number
  status?: "published" | "draft"
  /** Prices in other currencies than the first region's, e.g. `{ usd: 15 }`. */
  prices?: Record<string, number>
}

export type RegionSpec = { name: string; currency_code: string; countries: string[] }

export type StoreShape = {
  /** The first is the fixture's `regionId`; default one GBP region for gb. */
  regions?: RegionSpec[]
  /** Make the first region the store's default (the official starter's seed does not). Default true. */
  defaultRegion?: boolean
  /** Store currencies, the first the default. Default: the regions' currencies. */
  currencies?: string[]
}

/** A small gift-shop catalogue spanning the three price bands and three categories. */
export const DEFAULT_PRODUCTS: ProductSpec[] = [
  { title: "Tea Light Holder", price: 2.5, category: "candles" },
  { title: "Paper Chain Kit", price: 4.95, category: "christmas" },
  { title: "Heart Bunting", price: 8.5, category: "home-decor" },
  { title: "Jam Making Set", price: 9.99, category: "kitchen" },
  { title: "Cake Stand", price: 12.5, category: "kitchen" },
  { title: "Lantern", price: 24, category: "candles" },
  { title: "Wreath", price: 35, category: "christmas" },
  { title: "Doormat", price: 50, category: "home-decor" },
  { title: "Dresser", price: 65, category: "home-decor" },
  { title: "Regency Tea Set", price: 120, category: "kitchen" },
  { title: "Out Of Stock Mug", price: 6, category: "kitchen", stock: 0 },
  { title: "Draft Vase", price: 15, category: "home-decor", status: "draft" },
]

export type StoreFixture = {
  publishableKey: string
  salesChannelId: string
  regionId: string
  regionIds: string[]
  shippingOptionId: string
  products: Array<{ id: string; variant_id: string; title: string; price: number }>
}

/** Region (GBP), sales channel, publishable key, stock location, categories and priced, stocked products. */
export async function createStoreFixture(
  container: MedusaContainer,
  specs: ProductSpec[] = DEFAULT_PRODUCTS,
  shape: StoreShape = {}
): Promise<StoreFixture> {
  const { result: [salesChannel] } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "Webshop" }] },
  })
  const regionSpecs = shape.regions ?? [{ name: "United Kingdom", currency_code: "gbp", countries: ["gb"] }]
  const regions: any[] = []
  for (const r of regionSpecs) {
    // one at a time: their creation order is what "oldest region" means
    const { result } = await createRegionsWorkflow(container).run({
      input: { regions: [{ ...r, payment_providers: ["pp_system_default"] }] },
    })
    regions.push(result[0])
  }
  const region = regions[0]
  const currencies = shape.currencies ?? [...new Set(regionSpecs.map((r) => r.currency_code))]
  const storeModule = container.resolve(Modules.STORE)
  const [medusaStore] = await storeModule.listStores()
  await storeModule.updateStores(medusaStore.id, {
    default_region_id: shape.defaultRegion === false ? null : region.id,
    default_sales_channel_id: salesChannel.id,
    supported_currencies: currencies.map((currency_code, i) => ({ currency_code, is_default: i === 0 })),
  })
  const { result: [apiKey] } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "Storefront", type: "publishable", created_by: "" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({
    input: { id: apiKey.id, add: [salesChannel.id] },
  })
  const { result: [location] } = await createStockLocationsWorkflow(container).run({
    input: { locations: [{ name: "Warehouse" }] },
  })
  await linkSalesChannelsToStockLocationWorkflow(container).run({
    input: { id: location.id, add: [salesChannel.id] },
  })
  const fulfillment = container.resolve(Modules.FULFILLMENT)
  const profile = await fulfillment.createShippingProfiles({ name: "Default", type: "default" })
  const fulfillmentSet = await fulfillment.createFulfillmentSets({
    name: "UK delivery",
    type: "shipping",
    service_zones: [{ name: "UK", geo_zones: [{ country_code: "gb", type: "country" }] }],
  })
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  await link.create([
    { [Modules.STOCK_LOCATION]: { stock_location_id: location.id }, [Modules.FULFILLMENT]: { fulfillment_set_id: fulfillmentSet.id } },
    { [Modules.STOCK_LOCATION]: { stock_location_id: location.id }, [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" } },
  ])
  const { result: [shippingOption] } = await createShippingOptionsWorkflow(container).run({
    input: [
      {
        name: "Standard",
        price_type: "flat",
        provider_id: "manual_manual",
        service_zone_id: fulfillmentSet.service_zones[0].id,
        shipping_profile_id: profile.id,
        type: { label: "Standard", description: "2-3 days", code: "standard" },
        prices: [{ currency_code: regionSpecs[0].currency_code, amount: 5 }, { region_id: region.id, amount: 5 }],
        rules: [
          { attribute: "enabled_in_store", value: "true", operator: "eq" },
          { attribute: "is_return", value: "false", operator: "eq" },
        ],
      },
    ],
  })

  const handles = [...new Set(specs.map((s) => s.category).filter(Boolean))] as string[]
  const { result: categories } = await createProductCategoriesWorkflow(container).run({
    input: { product_categories: handles.map((h) => ({ name: h, handle: h, is_active: true })) },
  })
  const categoryId = new Map(categories.map((c) => [c.handle, c.id]))

  const { result: created } = await createProductsWorkflow(container).run({
    input: {
      products: specs.map((s) => ({
        title: s.title,
        status: s.status === "draft" ? ProductStatus.DRAFT : ProductStatus.PUBLISHED,
        shipping_profile_id: profile.id,
        category_ids: s.category ? [categoryId.get(s.category)!] : [],
        sales_channels: [{ id: salesChannel.id }],
        options: [{ title: "Default", values: ["Default"] }],
        variants: [
          {
            title: "Default",
            sku: s.title.toUpperCase().replace(/\W+/g, "-"),
            manage_inventory: true,
            options: { Default: "Default" },
            prices: [
              { amount: s.price, currency_code: regionSpecs[0].currency_code },
              ...Object.entries(s.prices ?? {}).map(([currency_code, amount]) => ({ amount, currency_code })),
            ],
          },
        ],
      })),
    },
  })

  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: variants } = await query.graph({
    entity: "variant",
    fields: ["id", "product_id", "inventory_items.inventory_item_id"],
    filters: { product_id: created.map((p) => p.id) },
  })
  const stockBy = new Map(created.map((p, i) => [p.id, specs[i].stock ?? 100]))
  await createInventoryLevelsWorkflow(container).run({
    input: {
      inventory_levels: variants.map((v: any) => ({
        inventory_item_id: v.inventory_items[0].inventory_item_id,
        location_id: location.id,
        stocked_quantity: stockBy.get(v.product_id) ?? 100,
      })),
    },
  })
  const variantOf = new Map(variants.map((v: any) => [v.product_id, v.id]))
  return {
    publishableKey: apiKey.token,
    salesChannelId: salesChannel.id,
    regionId: region.id,
    regionIds: regions.map((r) => r.id),
    shippingOptionId: shippingOption.id,
    products: created.map((p, i) => ({
      id: p.id,
      variant_id: variantOf.get(p.id)!,
      title: specs[i].title,
      price: specs[i].price,
    })),
  }
}

/** A bearer token for a new admin user, as the admin dashboard would hold. */
export async function adminHeaders(container: MedusaContainer) {
  const user = await container.resolve(Modules.USER).createUsers({ email: `admin-${Date.now()}@test.dev` })
  const identity = await container.resolve(Modules.AUTH).createAuthIdentities({
    provider_identities: [{ provider: "emailpass", entity_id: user.email }],
    app_metadata: { user_id: user.id },
  })
  const token = jwt.sign({ actor_id: user.id, actor_type: "user", auth_identity_id: identity.id }, JWT_SECRET, {
    expiresIn: "1d",
  })
  return { authorization: `Bearer ${token}` }
}

/** A bearer token for a new customer, as a logged-in storefront would hold. */
export async function customerToken(container: MedusaContainer, email: string) {
  const customer = await container.resolve(Modules.CUSTOMER).createCustomers({ email })
  const identity = await container.resolve(Modules.AUTH).createAuthIdentities({
    provider_identities: [{ provider: "emailpass", entity_id: email }],
    app_metadata: { customer_id: customer.id },
  })
  const token = jwt.sign(
    { actor_id: customer.id, actor_type: "customer", auth_identity_id: identity.id },
    JWT_SECRET,
    { expiresIn: "1d" }
  )
  return { customerId: customer.id, authorization: `Bearer ${token}` }
}

/** Shipping, payment session and completion, as a storefront checkout does. Returns the order. */
export async function checkout(
  api: any,
  store: StoreFixture,
  cartId: string,
  headers: Record<string, string>,
  /** The order's email; a signed-in customer's own keeps the order theirs. */
  email = "shopper@test.dev"
): Promise<{ id: string; total: number }> {
  const h = { headers: { "x-publishable-api-key": store.publishableKey, ...headers } }
  await api.post(
    `/store/carts/${cartId}`,
    {
      email,
      shipping_address: { first_name: "Sam", last_name: "Shopper", address_1: "1 High St", city: "London", country_code: "gb", postal_code: "N1 1AA" },
    },
    h
  )
  await api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: store.shippingOptionId }, h)
  const { data: pc } = await api.post(`/store/payment-collections`, { cart_id: cartId }, h)
  await api.post(
    `/store/payment-collections/${pc.payment_collection.id}/payment-sessions`,
    { provider_id: "pp_system_default" },
    h
  )
  const { data } = await api.post(`/store/carts/${cartId}/complete`, {}, h)
  if (data.type !== "order") throw new Error(`cart not completed: ${JSON.stringify(data.error ?? data)}`)
  return data.order
}
