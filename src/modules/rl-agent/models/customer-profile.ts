import { model } from "@medusajs/framework/utils"

/**
 * Per-customer summary of purchase history: the state's price sensitivity
 * and engagement and the `personalized` seed, read as one row per
 * recommendation. Refreshed for a customer when their order is recorded and
 * for everyone after an import.
 */
const RlCustomerProfile = model
  .define("rl_customer_profile", {
    id: model.id({ prefix: "rlcpf" }).primaryKey(),
    customer_id: model.text(),
    orders: model.number().default(0),
    units: model.number().default(0),
    // units bought in their currency's low price band (the option's, else fitted to the history): price sensitivity
    low_band_units: model.number().default(0),
    revenue: model.float().default(0),
    first_purchased_at: model.dateTime().nullable(),
    last_purchased_at: model.dateTime().nullable(),
    // up to 20 product ids, bought in the most orders first (then most units)
    top_product_ids: model.json(),
  })
  .indexes([{ on: ["customer_id"], unique: true, where: "deleted_at IS NULL" }])

export default RlCustomerProfile
