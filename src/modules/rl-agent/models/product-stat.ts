import { model } from "@medusajs/framework/utils"

/**
 * Sales statistics per product, recomputed from `rl_purchase` (after an
 * import, daily, and on demand): what `popular` and the price bands rank by.
 * Windows trail the latest purchase in the table (`as_of`), so imported
 * history that ends years ago still has a meaningful "last 90 days".
 */
const RlProductStat = model
  .define("rl_product_stat", {
    id: model.id({ prefix: "rlpst" }).primaryKey(),
    product_id: model.text(),
    // net units (purchases minus returns) in trailing windows ending at as_of
    units_30d: model.number().default(0),
    units_90d: model.number().default(0),
    units_365d: model.number().default(0),
    units_all: model.number().default(0),
    // distinct invoices/orders with the product: the denominator of co-purchase cosine
    orders_all: model.number().default(0),
    customers_all: model.number().default(0),
    revenue_all: model.float().default(0),
    last_purchased_at: model.dateTime().nullable(),
    as_of: model.dateTime(),
  })
  .indexes([{ on: ["product_id"], unique: true, where: "deleted_at IS NULL" }])

export default RlProductStat
