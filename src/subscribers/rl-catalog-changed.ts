import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { catalogCache } from "../workflows/recommendations/catalog-cache"
import { CATALOG_EVENTS, PRODUCT_EVENTS, productsChangedBy } from "../workflows/recommendations/catalog-events"

/**
 * Product, variant, stock, category, channel and region events → the
 * recommendation catalogue of this process is refreshed in the background:
 * only the products the event leads to when it can be traced, else whole.
 * Requests keep being served from the previous snapshot meanwhile.
 */
export default async function rlCatalogChangedHandler({ event, container }: SubscriberArgs<{ id?: string | string[] }>) {
  // nothing held, or a full reload already due: no lookup
  if (!catalogCache.tracksChanges()) return catalogCache.markStale()
  const products = await productsChangedBy(container.resolve(ContainerRegistrationKeys.QUERY), event)
  if (products) catalogCache.markChanged(products)
  else catalogCache.markStale()
}

export const config: SubscriberConfig = {
  event: [...PRODUCT_EVENTS, ...CATALOG_EVENTS],
  context: { subscriberId: "rl-catalog-changed" },
}
