import { model } from "@medusajs/framework/utils"

/**
 * Item-to-item co-purchase counts: for each product, the products most often
 * bought in the same invoice/order (top N by cosine score). `personalized`
 * sums the scores of the cart's and the customer's products.
 */
const RlCoPurchase = model
  .define("rl_co_purchase", {
    id: model.id({ prefix: "rlcop" }).primaryKey(),
    product_id: model.text(),
    related_product_id: model.text(),
    // invoices holding both products
    invoices: model.number(),
    // invoices / sqrt(orders(product) · orders(related)): cosine of the two invoice sets
    score: model.float(),
  })
  .indexes([
    { on: ["product_id", "related_product_id"], unique: true, where: "deleted_at IS NULL" },
  ])

export default RlCoPurchase
