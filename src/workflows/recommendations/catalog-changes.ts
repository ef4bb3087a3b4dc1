import type { RemoteQueryFunction } from "@medusajs/framework/types"
import type { CatalogKey } from "./catalog"
import { INCREMENTAL_LIMIT } from "./catalog-cache"

type Query = Omit<RemoteQueryFunction, symbol>

/**
 * Rows of `entity` written or soft-deleted since `since` (soft-deleted rows
 * included: a deleted price or reservation changes a card). Null when more
 * than INCREMENTAL_LIMIT: a full reload is cheaper than tracing them all.
 */
async function changedRows<T>(query: Query, entity: string, fields: string[], since: Date, filters: Record<string, unknown> = {}): Promise<T[] | null> {
  const { data } = await query.graph({
    entity,
    fields,
    filters: { ...filters, $or: [{ updated_at: { $gte: since } }, { deleted_at: { $gte: since } }] },
    pagination: { take: INCREMENTAL_LIMIT + 1 },
    withDeleted: true,
  })
  return data.length > INCREMENTAL_LIMIT ? null : (data as T[])
}

/**
 * `field` of every row of `entity` whose `by` is one of `values`, soft-deleted
 * rows included; null past INCREMENTAL_LIMIT rows (a price list of thousands).
 */
async function follow(query: Query, entity: string, field: string, by: string, values: string[] | null): Promise<string[] | null> {
  if (!values) return null
  if (!values.length) return []
  const { data } = await query.graph({
    entity,
    fields: [field],
    filters: { [by]: [...new Set(values)] },
    pagination: { take: INCREMENTAL_LIMIT + 1 },
    withDeleted: true,
  })
  if (data.length > INCREMENTAL_LIMIT) return null
  return (data as Array<Record<string, string | null>>).flatMap((r) => (r[field] ? [r[field] as string] : []))
}

const pluck = <T, K extends keyof T>(rows: T[], key: K) => rows.flatMap((r) => (r[key] ? [r[key] as unknown as string] : []))

/**
 * The products of `key`'s catalogue whose card may have changed since
 * `since`, found from the timestamps of the rows a card is built from:
 * products, variants, prices and price lists (including a list whose window
 * opened or closed), the variants' price-set and inventory links, stock
 * levels, reservations, inventory items and the channel's product links.
 * What no timestamp shows (category membership, regions, stock locations)
 * waits for the next full reload. Null: too many changes to patch, a full
 * reload will do.
 *
 * This is how a process that receives no events (a `server` process of a
 * split deployment) or an event that cannot be traced (a deleted record, a
 * price list) stays within `catalogCacheTtlSeconds` without reloading every
 * product: about ten indexed-or-small reads instead of a 4 s reload.
 */
export async function productsChangedSince(query: Query, key: CatalogKey, since: Date): Promise<string[] | null> {
  const now = new Date()
  const [products, variants, prices, lists, priceLinks, stockLinks, levels, reservations, items, channelLinks] = await Promise.all([
    changedRows<{ id: string }>(query, "product", ["id"], since),
    changedRows<{ product_id: string }>(query, "product_variant", ["product_id"], since),
    changedRows<{ price_set_id: string }>(query, "price", ["price_set_id"], since),
    // a list's window opening or closing changes its prices without writing a row
    query
      .graph({
        entity: "price_list",
        fields: ["id"],
        filters: {
          $or: [
            { updated_at: { $gte: since } },
            { deleted_at: { $gte: since } },
            { starts_at: { $gte: since, $lte: now } },
            { ends_at: { $gte: since, $lte: now } },
          ],
        },
        pagination: { take: INCREMENTAL_LIMIT + 1 },
        withDeleted: true,
      })
      .then(({ data }) => (data.length > INCREMENTAL_LIMIT ? null : (data as Array<{ id: string }>))),
    changedRows<{ variant_id: string }>(query, "product_variant_price_set", ["variant_id"], since),
    changedRows<{ variant_id: string }>(query, "product_variant_inventory_item", ["variant_id"], since),
    changedRows<{ inventory_item_id: string }>(query, "inventory_level", ["inventory_item_id"], since),
    changedRows<{ inventory_item_id: string }>(query, "reservation_item", ["inventory_item_id"], since),
    changedRows<{ id: string }>(query, "inventory_item", ["id"], since),
    changedRows<{ product_id: string }>(query, "product_sales_channel", ["product_id"], since, { sales_channel_id: key.salesChannelId }),
  ])
  if (!products || !variants || !prices || !lists || !priceLinks || !stockLinks || !levels || !reservations || !items || !channelLinks) return null

  const listPriceSets = await follow(query, "price", "price_set_id", "price_list_id", pluck(lists, "id"))
  if (!listPriceSets) return null
  const priceSets = [...pluck(prices, "price_set_id"), ...listPriceSets]
  const inventoryItems = [...pluck(levels, "inventory_item_id"), ...pluck(reservations, "inventory_item_id"), ...pluck(items, "id")]
  const [pricedVariants, stockedVariants] = await Promise.all([
    follow(query, "product_variant_price_set", "variant_id", "price_set_id", priceSets),
    follow(query, "product_variant_inventory_item", "variant_id", "inventory_item_id", inventoryItems),
  ])
  if (!pricedVariants || !stockedVariants) return null
  const variantProducts = await follow(query, "product_variant", "product_id", "id", [
    ...pricedVariants,
    ...stockedVariants,
    ...pluck(priceLinks, "variant_id"),
    ...pluck(stockLinks, "variant_id"),
  ])
  if (!variantProducts) return null
  const changed = new Set([...pluck(products, "id"), ...pluck(variants, "product_id"), ...variantProducts, ...pluck(channelLinks, "product_id")])
  return changed.size > INCREMENTAL_LIMIT ? null : [...changed]
}
