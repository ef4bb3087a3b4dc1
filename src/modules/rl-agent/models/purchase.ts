import { model } from "@medusajs/framework/utils"

/**
 * Purchase history the `popular` and `personalized` strategies and the
 * customer profile read: imported invoices and live orders land here alike.
 */
const RlPurchase = model
  .define("rl_purchase", {
    id: model.id({ prefix: "rlpur" }).primaryKey(),
    // invoice number (import) or order id (live); with product_id the natural key
    source_id: model.text(),
    customer_id: model.text().nullable(),
    product_id: model.text(),
    quantity: model.number(),
    unit_price: model.float(),
    currency_code: model.text(),
    purchased_at: model.dateTime(),
    // returns (cancelled invoices, returned orders) are kept, not deleted
    is_return: model.boolean().default(false),
  })
  .indexes([
    { on: ["source_id", "product_id", "is_return"], unique: true, where: "deleted_at IS NULL" },
    { on: ["customer_id", "purchased_at"], where: "deleted_at IS NULL" },
    { on: ["product_id", "purchased_at"], where: "deleted_at IS NULL" },
  ])

export default RlPurchase
