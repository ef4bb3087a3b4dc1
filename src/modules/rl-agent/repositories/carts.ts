/**
 * The one read of another module's tables: the cart the recommendation route
 * is asked about, in one statement on the shared connection. Medusa's cart
 * module returns the same through MikroORM at about 25× the CPU (3.2 ms
 * against 0.13 ms per read on the CI machine; docs/performance.md), which was
 * the largest cost of a recommendation for a cart. The columns read have
 * been in the cart module's tables since its first 2.0 migration; the
 * caller falls back to the cart module when they are not there (another
 * major version, or a cart module in a database of its own) or when its
 * first read disagrees with the module's.
 */
import type { SqlManager } from "./sql"

export type CartRow = {
  id: string
  customer_id: string | null
  region_id: string | null
  currency_code: string | null
  sales_channel_id: string | null
  created_at: Date
  /** The shipping address's, if the cart has one. */
  country_code: string | null
  items: Array<{ product_id: string | null; quantity: number; unit_price: number }>
}

export async function cartForRecommendationSql(m: SqlManager, cartId: string): Promise<CartRow | null> {
  const [row] = await m.execute(
    `SELECT c.id, c.customer_id, c.region_id, c.currency_code, c.sales_channel_id, c.created_at, a.country_code,
            coalesce(json_agg(json_build_object('product_id', li.product_id, 'quantity', li.quantity,
              'unit_price', li.unit_price) ORDER BY li.created_at, li.id) FILTER (WHERE li.id IS NOT NULL), '[]') AS items
       FROM cart c
       LEFT JOIN cart_address a ON a.id = c.shipping_address_id AND a.deleted_at IS NULL
       LEFT JOIN cart_line_item li ON li.cart_id = c.id AND li.deleted_at IS NULL
      WHERE c.id = ? AND c.deleted_at IS NULL
      GROUP BY c.id, a.country_code`,
    [cartId]
  )
  if (!row) return null
  const items = typeof row.items === "string" ? JSON.parse(row.items) : row.items
  return {
    ...row,
    created_at: row.created_at instanceof Date ? row.created_at : new Date(row.created_at),
    items: items.map((i: any) => ({ product_id: i.product_id, quantity: Number(i.quantity), unit_price: Number(i.unit_price) })),
  }
}
