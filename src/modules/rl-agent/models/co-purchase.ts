import { model } from "@medusajs/framework/utils"

/**
 * The store's item-to-item relevance: for each product, the 50 products an
 * RP3beta walk over invoices/orders ranks highest. `personalized` sums the
 * scores of the cart's and the customer's products.
 */
const RlCoPurchase = model
  .define("rl_co_purchase", {
    id: model.id({ prefix: "rlcop" }).primaryKey(),
    product_id: model.text(),
    related_product_id: model.text(),
    // invoices holding both products
    invoices: model.number(),
    // RP3beta's walk weight product → basket → related, damped by the related product's popularity
    score: model.float(),
  })
  .indexes([
    { on: ["product_id", "related_product_id"], unique: true, where: "deleted_at IS NULL" },
  ])

export default RlCoPurchase
