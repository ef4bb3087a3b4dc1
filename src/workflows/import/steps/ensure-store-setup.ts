import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import {
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createStockLocationsWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"
import { reportProgress } from "./progress"

export type StoreSetup = {
  region_id: string
  sales_channel_id: string
  location_id: string
  shipping_profile_id: string
  /** Currency → rate per pound: the imported prices in these currencies too (`--price-in eur=1.17`). */
  price_in: Record<string, number>
  /** What the step changed in the store, in words, for the CLI, the admin and the run's summary. */
  actions: string[]
  /** What the merchant should know, e.g. shoppers of a country in another currency's region. */
  notes: string[]
}

/**
 * Fits the catalogue into the store as it is. The data is in pounds, so the
 * products need a GBP price and a region that sells in GBP:
 * - an existing GBP region is used as it is;
 * - otherwise one is created, holding gb if no region holds it yet (a
 *   country belongs to one region only). When gb is in another currency's
 *   region (the official starter's Europe region, EUR), shoppers there would
 *   see no imported product: the note says so, and `price_in` prices the
 *   products in that currency too at the merchant's own rate;
 * - the store's default region is set only in a store that had no region at
 *   all, never changed otherwise;
 * - GBP (and the `price_in` currencies) join the store's currencies.
 * Also: the store's sales channel, a stock location serving it and a
 * shipping profile, created only when missing. Everything it did is listed.
 */
export const ensureStoreSetupStep = createStep(
  "rl-import-store-setup",
  async (input: { run_id?: string; price_in?: Record<string, number> }, { container }) => {
    await reportProgress(container, input.run_id, { phase: "setup", processed: 0, total: 0 })
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const actions: string[] = []
    const notes: string[] = []
    const priceIn = Object.fromEntries(
      Object.entries(input.price_in ?? {}).map(([c, rate]) => [c.toLowerCase(), rate]).filter(([c]) => c !== "gbp")
    ) as Record<string, number>

    const { data: regions } = await query.graph({ entity: "region", fields: ["id", "name", "currency_code", "countries.iso_2"] })
    const gbpRegion = regions.find((r: any) => r.currency_code === "gbp") as any
    let regionId = gbpRegion?.id as string | undefined
    if (regionId) {
      actions.push(`used the existing GBP region "${gbpRegion.name}" (${regionId})`)
    } else {
      const holder = regions.find((r: any) => r.countries?.some((c: any) => c?.iso_2 === "gb")) as any
      const name = regions.length ? "Online Retail (GBP)" : "United Kingdom"
      const { result } = await createRegionsWorkflow(container).run({
        input: {
          regions: [{ name, currency_code: "gbp", countries: holder ? [] : ["gb"], payment_providers: ["pp_system_default"] }],
        },
      })
      regionId = result[0].id
      actions.push(`created the region "${name}" in GBP (${regionId})${holder ? " without countries" : " for gb"}`)
      if (holder) {
        const currency = String(holder.currency_code).toLowerCase()
        notes.push(
          priceIn[currency]
            ? `gb belongs to the region "${holder.name}" (${currency.toUpperCase()}): the products are priced in ${currency.toUpperCase()} too, at ${priceIn[currency]} per £`
            : `gb belongs to the region "${holder.name}" (${currency.toUpperCase()}), so shoppers there see no imported product (they have GBP prices only): ` +
                `import again with --price-in ${currency}=<rate per £> to price them in ${currency.toUpperCase()} too, or move gb to the GBP region in the admin`
        )
      }
    }

    const { data: stores } = await query.graph({
      entity: "store",
      fields: [
        "id",
        "default_region_id",
        "default_sales_channel_id",
        "supported_currencies.currency_code",
        "supported_currencies.is_default",
      ],
    })
    const store = stores[0] as any
    const currencies = (store?.supported_currencies ?? []).filter(Boolean)
    const missing = ["gbp", ...Object.keys(priceIn)].filter((c) => !currencies.some((x: any) => x.currency_code === c))
    const setDefaultRegion = !store?.default_region_id && !regions.length
    if (store && (missing.length || setDefaultRegion)) {
      await updateStoresWorkflow(container).run({
        input: {
          selector: { id: store.id },
          update: {
            ...(missing.length
              ? {
                  supported_currencies: [
                    ...currencies.map((c: any) => ({ currency_code: c.currency_code, is_default: c.is_default })),
                    ...missing.map((currency_code, i) => ({ currency_code, is_default: !currencies.length && i === 0 })),
                  ],
                }
              : {}),
            ...(setDefaultRegion ? { default_region_id: regionId } : {}),
          },
        },
      })
      if (missing.length) actions.push(`added ${missing.map((c) => c.toUpperCase()).join(", ")} to the store's currencies`)
      if (setDefaultRegion) actions.push(`made ${regionId} the store's default region`)
    }
    if (!store?.default_region_id && !setDefaultRegion) {
      notes.push("the store has no default region: recommendations for shoppers without a cart are priced as the README's \"Regions\" section says")
    }

    let salesChannelId = store?.default_sales_channel_id as string | undefined
    if (!salesChannelId) {
      const { data: channels } = await query.graph({ entity: "sales_channel", fields: ["id"] })
      salesChannelId = channels[0]?.id
    }
    if (!salesChannelId) {
      const { result } = await createSalesChannelsWorkflow(container).run({
        input: { salesChannelsData: [{ name: "Online Retail" }] },
      })
      salesChannelId = result[0].id
      actions.push(`created the sales channel "Online Retail" (${salesChannelId})`)
    }

    const { data: links } = await query.graph({
      entity: "sales_channel",
      fields: ["id", "stock_locations.id"],
      filters: { id: salesChannelId },
    })
    let locationId = (links[0] as any)?.stock_locations?.find(Boolean)?.id as string | undefined
    if (!locationId) {
      const { result } = await createStockLocationsWorkflow(container).run({
        input: { locations: [{ name: "Online Retail warehouse" }] },
      })
      locationId = result[0].id
      actions.push(`created the stock location "Online Retail warehouse" (${locationId})`)
      await linkSalesChannelsToStockLocationWorkflow(container).run({ input: { id: locationId, add: [salesChannelId] } })
    }

    const fulfillment = container.resolve(Modules.FULFILLMENT)
    const [profile] = await fulfillment.listShippingProfiles({ type: "default" })
    const shippingProfileId =
      profile?.id ?? (await fulfillment.createShippingProfiles({ name: "Default", type: "default" })).id

    const setup: StoreSetup = {
      region_id: regionId!,
      sales_channel_id: salesChannelId,
      location_id: locationId,
      shipping_profile_id: shippingProfileId,
      price_in: priceIn,
      actions,
      notes,
    }
    return new StepResponse(setup)
  }
)
