import { writeFileSync } from "fs"
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createStockLocationsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"

const COUNTRIES = ["gb", "de", "dk", "se", "fr", "es", "it"]

/**
 * medusa exec ./src/scripts/seed.ts
 *
 * The shape of the official starter's seed, which is what most stores start
 * from: EUR (default) and USD, one "Europe" region in EUR whose countries
 * include gb, **no default region**, and a few products that all cost 10 EUR
 * / 15 USD. Writes .fresh-store.json (publishable key, region, channel).
 */
export default async function seed({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const storeModule = container.resolve(Modules.STORE)
  const salesChannels = container.resolve(Modules.SALES_CHANNEL)

  const [store] = await storeModule.listStores()
  let [channel] = await salesChannels.listSalesChannels({ name: "Default Sales Channel" })
  if (!channel) {
    const { result } = await createSalesChannelsWorkflow(container).run({
      input: { salesChannelsData: [{ name: "Default Sales Channel" }] },
    })
    channel = result[0]
  }
  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: {
        supported_currencies: [
          { currency_code: "eur", is_default: true },
          { currency_code: "usd" },
        ],
        default_sales_channel_id: channel.id,
      },
    },
  })

  const { result: regions } = await createRegionsWorkflow(container).run({
    input: { regions: [{ name: "Europe", currency_code: "eur", countries: COUNTRIES, payment_providers: ["pp_system_default"] }] },
  })

  const { result: locations } = await createStockLocationsWorkflow(container).run({
    input: { locations: [{ name: "European Warehouse", address: { city: "Copenhagen", country_code: "DK", address_1: "" } }] },
  })
  await linkSalesChannelsToStockLocationWorkflow(container).run({ input: { id: locations[0].id, add: [channel.id] } })

  const { result: keys } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "Webshop", type: "publishable", created_by: "" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: keys[0].id, add: [channel.id] } })

  const products = ["T-Shirt", "Sweatshirt", "Sweatpants", "Shorts"].map((title) => ({
    title: `Medusa ${title}`,
    handle: title.toLowerCase(),
    status: ProductStatus.PUBLISHED,
    options: [{ title: "Size", values: ["S", "M"] }],
    variants: ["S", "M"].map((size) => ({
      title: size,
      sku: `${title.toUpperCase()}-${size}`,
      options: { Size: size },
      manage_inventory: false,
      prices: [
        { amount: 10, currency_code: "eur" },
        { amount: 15, currency_code: "usd" },
      ],
    })),
    sales_channels: [{ id: channel.id }],
  }))
  await createProductsWorkflow(container).run({ input: { products } })

  writeFileSync(
    ".fresh-store.json",
    JSON.stringify({ publishable_key: keys[0].token, region_id: regions[0].id, sales_channel_id: channel.id }, null, 2) + "\n"
  )
  logger.info(`seed: Europe region ${regions[0].id} (no default region), ${products.length} products at 10 EUR / 15 USD`)
}
