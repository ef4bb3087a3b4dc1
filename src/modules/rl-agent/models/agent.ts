import { model } from "@medusajs/framework/utils"
import { STRATEGIES } from "../../../learning/strategies"

/**
 * The agent's parameters and counters. One row per agent name; the plugin
 * uses the "default" agent. Created on first use from the plugin options.
 */
const RlAgent = model
  .define("rl_agent", {
    id: model.id({ prefix: "rlag" }).primaryKey(),
    name: model.text().default("default"),
    epsilon: model.float(),
    epsilon_min: model.float(),
    // multiplicative decay applied per run of the ε-decay job
    epsilon_decay: model.float(),
    alpha: model.float(),
    gamma: model.float(),
    // episodes = carts that reached a terminal state (order or abandonment)
    episode_count: model.number().default(0),
    // Q rows of other versions are kept for snapshots and rollback, not read
    model_version: model.number().default(1),
    // bin edges and category/country vocabularies: part of the model
    state_model: model.json(),
    learning_enabled: model.boolean().default(true),
    // a fixed strategy served to every shopper instead of the policy (a winning experiment arm made the default); null: the agent decides
    serving_strategy: model.enum([...STRATEGIES]).nullable(),
    // the guard rail on exploration: the strategies ε may try (null: all six); the logged propensities account for it
    explore_strategies: model.json().nullable(),
    // the per-request rail (learning/exploration-guard.ts): explore only into a strategy whose own list fills the request
    explore_full_list: model.boolean().default(false),
    // and count only products with at least this stock (implies the full-list check); null: no level
    explore_min_stock: model.number().nullable(),
    last_update_at: model.dateTime().nullable(),
  })
  .indexes([{ on: ["name"], unique: true, where: "deleted_at IS NULL" }])

export default RlAgent
