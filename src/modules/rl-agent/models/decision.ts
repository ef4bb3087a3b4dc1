import { model } from "@medusajs/framework/utils"
import { INTENTS } from "../../../learning/intents"
import { PLACEMENTS } from "../../../learning/state"
import { STRATEGIES } from "../../../learning/strategies"
import RlReward from "./reward"

/**
 * Every recommendation served: what the agent saw, what it chose and with
 * which probability (for off-policy evaluation), and what it returned.
 */
const RlDecision = model
  .define("rl_decision", {
    id: model.id({ prefix: "rldec" }).primaryKey(),
    placement: model.enum([...PLACEMENTS]).default("cart"),
    intent: model.enum([...INTENTS]).default("complementary"),
    // the product page's product the list was built around
    anchor_product_id: model.text().nullable(),
    // keyed HMAC of the customer id: links a customer's decisions without storing who they are
    customer_hash: model.text().nullable(),
    cart_id: model.text().nullable(),
    session_id: model.text().nullable(),
    region_id: model.text().nullable(),
    currency_code: model.text().nullable(),
    features: model.json(),
    state_key: model.text(),
    strategy: model.enum([...STRATEGIES]),
    explored: model.boolean(),
    propensity: model.float(),
    epsilon: model.float(),
    q_values: model.json(),
    // [{ id, variant_id, score, amount }]: what the shopper was shown
    products: model.json(),
    product_ids: model.array(),
    // set when the strategy had no data of its own and a fallback filled the list
    fallback: model.text().nullable(),
    model_version: model.number(),
    // the live experiment that served it and the shopper's arm there (null: none running, or no sticky unit)
    experiment_id: model.text().nullable(),
    arm: model.text().nullable(),
    // the shadow candidate running then: its own draw, and its probability of each strategy (the target of its off-policy estimate)
    shadow_id: model.text().nullable(),
    shadow_strategy: model.enum([...STRATEGIES]).nullable(),
    shadow_probabilities: model.json().nullable(),
    rewards: model.hasMany(() => RlReward, { mappedBy: "decision" }),
  })
  .indexes([
    { on: ["cart_id", "created_at"], where: "deleted_at IS NULL" },
    { on: ["customer_hash", "created_at"], where: "deleted_at IS NULL" },
    { on: ["created_at"] },
    { on: ["strategy", "created_at"], where: "deleted_at IS NULL" },
    // the product widget: which decisions showed a product
    { on: ["product_ids"], type: "GIN", where: "deleted_at IS NULL" },
    { on: ["experiment_id", "arm"], where: "experiment_id IS NOT NULL AND deleted_at IS NULL" },
    { on: ["shadow_id"], where: "shadow_id IS NOT NULL AND deleted_at IS NULL" },
  ])

export default RlDecision
