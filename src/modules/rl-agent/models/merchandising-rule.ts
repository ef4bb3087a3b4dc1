import { model } from "@medusajs/framework/utils"
import { RULE_KINDS, RULE_TARGETS } from "../../../learning/merchandising"
import { PLACEMENTS } from "../../../learning/state"

/**
 * A merchant's rule over what the agent may recommend (src/learning/merchandising.ts
 * says what each kind does). Soft-deleted: the audit log keeps pointing at it.
 */
const RlMerchandisingRule = model
  .define("rl_merchandising_rule", {
    id: model.id({ prefix: "rlrule" }).primaryKey(),
    kind: model.enum([...RULE_KINDS]),
    target_type: model.enum([...RULE_TARGETS]).nullable(),
    // products, categories, collections or tags; a pin's products in the order they go first
    target_ids: model.array(),
    // the rule applies only through this sales channel (null: every channel)
    sales_channel_id: model.text().nullable(),
    placement: model.enum([...PLACEMENTS]).nullable(),
    min_stock: model.number().nullable(),
    // a price range is in this currency's major unit
    currency_code: model.text().nullable(),
    price_min: model.float().nullable(),
    price_max: model.float().nullable(),
    multiplier: model.float().nullable(),
    enabled: model.boolean().default(true),
    note: model.text().nullable(),
  })
  .indexes([{ on: ["enabled"], where: "deleted_at IS NULL" }])

export default RlMerchandisingRule
