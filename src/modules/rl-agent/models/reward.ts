import { model } from "@medusajs/framework/utils"
import { REWARD_KINDS } from "../../../learning/reward"
import RlDecision from "./decision"

/**
 * A reward earned by a decision. Unique per (decision, kind, source event):
 * a repeated event or a retried job finds the row and changes nothing.
 */
const RlReward = model
  .define("rl_reward", {
    id: model.id({ prefix: "rlrew" }).primaryKey(),
    kind: model.enum([...REWARD_KINDS]),
    value: model.float(),
    // money behind the reward (revenue earned, or taken back when negative), major units
    amount: model.float().nullable(),
    // e.g. "feedback:click:prod_123" or an event/order id: the idempotency key
    source_event_id: model.text(),
    product_id: model.text().nullable(),
    // Q(s,a) right after this reward's update; null when Q did not move (views, learning paused)
    q_after: model.float().nullable(),
    next_state_key: model.text().nullable(),
    terminal: model.boolean().default(false),
    decision: model.belongsTo(() => RlDecision, { mappedBy: "rewards" }),
  })
  .indexes([
    {
      on: ["decision_id", "kind", "source_event_id"],
      unique: true,
      where: "deleted_at IS NULL",
    },
    { on: ["created_at"] },
  ])

export default RlReward
