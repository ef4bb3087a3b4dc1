import { Migration } from "@medusajs/framework/mikro-orm/migrations"
import { alterFloatColumns } from "../migrations-helpers"

const COLUMNS = [
  ["rl_agent", "epsilon"],
  ["rl_agent", "epsilon_min"],
  ["rl_agent", "epsilon_decay"],
  ["rl_agent", "alpha"],
  ["rl_agent", "gamma"],
  ["rl_q_value", "value"],
  ["rl_decision", "propensity"],
  ["rl_decision", "epsilon"],
  ["rl_reward", "value"],
  ["rl_reward", "q_after"],
  ["rl_purchase", "unit_price"],
] as const

/** The DML has no way to ask for double precision: see alterFloatColumns. */
export class Migration20261129121700 extends Migration {
  override async up(): Promise<void> {
    alterFloatColumns(this, COLUMNS, "double precision")
  }

  override async down(): Promise<void> {
    alterFloatColumns(this, COLUMNS, "real")
  }
}
