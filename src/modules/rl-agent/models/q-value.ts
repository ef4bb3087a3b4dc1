import { model } from "@medusajs/framework/utils"
import { STRATEGIES } from "../../../learning/strategies"

/**
 * One cell of the Q-table. Updated only by a single atomic upsert (see the
 * service), so concurrent workers never lose an update.
 */
const RlQValue = model
  .define("rl_q_value", {
    id: model.id({ prefix: "rlq" }).primaryKey(),
    model_version: model.number(),
    state_key: model.text(),
    strategy: model.enum([...STRATEGIES]),
    value: model.float().default(0),
    visits: model.number().default(0),
    // drives LRU pruning of the table to its cap
    last_visited_at: model.dateTime().nullable(),
  })
  .indexes([
    {
      on: ["model_version", "state_key", "strategy"],
      unique: true,
      where: "deleted_at IS NULL",
    },
    { on: ["model_version", "last_visited_at"], where: "deleted_at IS NULL" },
  ])

export default RlQValue
