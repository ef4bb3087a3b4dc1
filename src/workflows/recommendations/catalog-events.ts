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
import type { RemoteQueryFunction } from "@medusajs/framework/types"

/**
 * An event group's names; an older Medusa 2.x lacks some groups (2.12 has no
 * inventory-level or reservation constants), and the plugin must load there.
 */
function eventsOf(group: Record<string, string> | undefined): string[] {
  return group ? Object.values(group) : []
}

/** Events that name the product that changed: that product is reloaded into the snapshot. */
export const PRODUCT_EVENTS: string[] = eventsOf(ProductWorkflowEvents)

const VARIANT_EVENTS = new Set(eventsOf(ProductVariantWorkflowEvents))
const INVENTORY_ITEM_EVENTS = new Set(eventsOf(InventoryItemWorkflowEvents))
const INVENTORY_LEVEL_EVENTS = new Set(eventsOf(InventoryLevelWorkflowEvents))
const RESERVATION_EVENTS = new Set(eventsOf(ReservationItemWorkflowEvents))

/**
 * Events that change what a product's card holds (price, stock, variants,
 * categories) or which products a channel or region sells, without naming
 * the product. Variant and stock events are traced to their products
 * (`productsChangedBy`); the rest reload the snapshot whole, in the background.
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

type Query = Omit<RemoteQueryFunction, symbol>

async function ids<T>(query: Query, entity: string, field: string, filterIds: string[]): Promise<T[] | null> {
  const { data } = await query.graph({ entity, fields: ["id", field], filters: { id: filterIds } })
  // a record already gone (deleted) cannot be traced: only a full reload will do
  return data.length === filterIds.length ? (data as T[]) : null
}

/**
 * The products a catalogue event changes, traced through Query: a product
 * event names them; a variant, inventory item, stock level or reservation
 * event leads to them through its inventory item and variants. Null when
 * only a full reload will do: a deleted record, a category, channel or
 * region change, or a lookup that failed. A reload of a whole 3,805-product
 * catalogue costs seconds of CPU (docs/performance.md); a sale's
 * reservations and stock changes now patch their few products instead.
 */
export async function productsChangedBy(query: Query, event: { name: string; data?: { id?: unknown } }): Promise<string[] | null> {
  const named = ([] as unknown[]).concat(event.data?.id ?? []).filter((id): id is string => typeof id === "string")
  if (!named.length) return null
  if (PRODUCT_EVENTS.includes(event.name)) return named
  if (event.name.endsWith(".deleted")) return null
  try {
    if (VARIANT_EVENTS.has(event.name)) {
      const variants = await ids<{ product_id: string }>(query, "product_variant", "product_id", named)
      return variants && [...new Set(variants.map((v) => v.product_id))]
    }
    let itemIds: string[] | null = null
    if (INVENTORY_ITEM_EVENTS.has(event.name)) itemIds = named
    else if (INVENTORY_LEVEL_EVENTS.has(event.name) || RESERVATION_EVENTS.has(event.name)) {
      const entity = INVENTORY_LEVEL_EVENTS.has(event.name) ? "inventory_level" : "reservation_item"
      const rows = await ids<{ inventory_item_id: string }>(query, entity, "inventory_item_id", named)
      itemIds = rows && [...new Set(rows.map((r) => r.inventory_item_id))]
    }
    if (!itemIds) return null
    const items = await ids<{ variants?: Array<{ product_id: string } | null> }>(query, "inventory_item", "variants.product_id", itemIds)
    return items && [...new Set(items.flatMap((i) => (i.variants ?? []).flatMap((v) => (v?.product_id ? [v.product_id] : []))))]
  } catch {
    return null
  }
}
