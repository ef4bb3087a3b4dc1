import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * The DML maps `model.float()` to `real` (24-bit mantissa). A Q-learning step
 * is α·δ ≈ 1e-3…1e-5, which `real` rounds away once Q is near 1, so every
 * learned quantity is stored as `double precision`. Hand-written: the DML has
 * no way to ask for it, and the ORM reads both types as JS numbers.
 */
export class Migration20261129121700 extends Migration {
  private static readonly columns: Array<[string, string]> = [
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
  ]

  override async up(): Promise<void> {
    for (const [table, column] of Migration20261129121700.columns) {
      this.addSql(`alter table if exists "${table}" alter column "${column}" type double precision;`)
    }
  }

  override async down(): Promise<void> {
    for (const [table, column] of Migration20261129121700.columns) {
      this.addSql(`alter table if exists "${table}" alter column "${column}" type real;`)
    }
  }
}
