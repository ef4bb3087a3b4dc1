import {
  InventoryItemWorkflowEvents,
  InventoryLevelWorkflowEvents,
  ProductCategoryWorkflowEvents,
  ProductVariantWorkflowEvents,
  ProductWorkflowEvents,
  RegionWorkflowEvents,
  ReservationItemWorkflowEvents,
  SalesChannelWorkflowEvents,
} from "@medusajs/framework/utils"

/**
 * An event group's names; an older Medusa 2.x lacks some groups (2.12 has no
 * inventory-level or reservation constants), and the plugin must load there.
 */
function eventsOf(group: Record<string, string> | undefined): string[] {
  return group ? Object.values(group) : []
}

/** Events that name the product that changed: that product is reloaded into the snapshot. */
export const PRODUCT_EVENTS: string[] = eventsOf(ProductWorkflowEvents)

/**
 * Events that change what a product's card holds (price, stock, variants,
 * categories) or which products a channel or region sells, without naming
 * the product: the snapshot is reloaded whole, in the background.
 */
export const CATALOG_EVENTS: string[] = [
  ...eventsOf(ProductVariantWorkflowEvents),
  ...eventsOf(InventoryItemWorkflowEvents),
  ...eventsOf(InventoryLevelWorkflowEvents),
  ...eventsOf(ReservationItemWorkflowEvents),
  ...eventsOf(ProductCategoryWorkflowEvents),
  ...eventsOf(SalesChannelWorkflowEvents),
  ...eventsOf(RegionWorkflowEvents),
]
