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
}

/**
 * What the catalogue needs to be sellable: a GBP region (created if none, and
 * made the store's default region if it has none), GBP among the store's currencies, the store's sales channel, a stock
 * location serving it and a shipping profile. Reuses whatever exists.
 */
export const ensureStoreSetupStep = createStep(
  "rl-import-store-setup",
  async (input: { run_id?: string }, { container }) => {
    await reportProgress(container, input.run_id, { phase: "setup", processed: 0, total: 0 })
    const query = container.resolve(ContainerRegistrationKeys.QUERY)

    const { data: regions } = await query.graph({ entity: "region", fields: ["id", "currency_code", "countries.iso_2"] })
    let regionId = regions.find((r: any) => r.currency_code === "gbp")?.id as string | undefined
    if (!regionId) {
      const gbTaken = regions.some((r: any) => r.countries?.some((c: any) => c?.iso_2 === "gb"))
      const { result } = await createRegionsWorkflow(container).run({
        input: {
          regions: [
            { name: "United Kingdom", currency_code: "gbp", countries: gbTaken ? [] : ["gb"], payment_providers: ["pp_system_default"] },
          ],
        },
      })
      regionId = result[0].id
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
    const needsCurrency = !currencies.some((c: any) => c.currency_code === "gbp")
    // a store without a default region cannot price anything for a shopper without a cart
    if (store && (needsCurrency || !store.default_region_id)) {
      await updateStoresWorkflow(container).run({
        input: {
          selector: { id: store.id },
          update: {
            ...(needsCurrency
              ? {
                  supported_currencies: [
                    ...currencies.map((c: any) => ({ currency_code: c.currency_code, is_default: c.is_default })),
                    { currency_code: "gbp", is_default: !currencies.length },
                  ],
                }
              : {}),
            ...(store.default_region_id ? {} : { default_region_id: regionId }),
          },
        },
      })
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
    }
    return new StepResponse(setup)
  }
)
