import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { catalogCache } from "../workflows/recommendations/catalog-cache"
import { CATALOG_EVENTS, PRODUCT_EVENTS } from "../workflows/recommendations/catalog-events"

/**
 * Product, variant, stock, category, channel and region events → the
 * recommendation catalogue of this process is refreshed in the background
 * (only the named product when the event names one). Requests keep being
 * served from the previous snapshot meanwhile.
 */
export default async function rlCatalogChangedHandler({ event }: SubscriberArgs<{ id?: string | string[] }>) {
  const ids = ([] as unknown[]).concat(event.data?.id ?? []).filter((id): id is string => typeof id === "string")
  if (PRODUCT_EVENTS.includes(event.name) && ids.length) catalogCache.markChanged(ids)
  else catalogCache.markStale()
}

export const config: SubscriberConfig = {
  event: [...PRODUCT_EVENTS, ...CATALOG_EVENTS],
  context: { subscriberId: "rl-catalog-changed" },
}
