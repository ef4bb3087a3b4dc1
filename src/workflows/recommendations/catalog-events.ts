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

/** Events that name the product that changed: that product is reloaded into the snapshot. */
export const PRODUCT_EVENTS: string[] = Object.values(ProductWorkflowEvents)

/**
 * Events that change what a product's card holds (price, stock, variants,
 * categories) or which products a channel or region sells, without naming
 * the product: the snapshot is reloaded whole, in the background.
 */
export const CATALOG_EVENTS: string[] = [
  ...Object.values(ProductVariantWorkflowEvents),
  ...Object.values(InventoryItemWorkflowEvents),
  ...Object.values(InventoryLevelWorkflowEvents),
  ...Object.values(ReservationItemWorkflowEvents),
  ...Object.values(ProductCategoryWorkflowEvents),
  ...Object.values(SalesChannelWorkflowEvents),
  ...Object.values(RegionWorkflowEvents),
]
