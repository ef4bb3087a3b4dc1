import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/** Same reason as Migration20261129121700: learned and summed values need double precision. */
export class Migration20261129123100 extends Migration {
  private static readonly columns: Array<[string, string]> = [
    ["rl_snapshot_value", "value"],
    ["rl_metric_hourly", "revenue"],
    ["rl_metric_hourly", "reward_sum"],
    ["rl_reward", "amount"],
  ]

  override async up(): Promise<void> {
    for (const [table, column] of Migration20261129123100.columns) {
      this.addSql(`alter table if exists "${table}" alter column "${column}" type double precision;`)
    }
  }

  override async down(): Promise<void> {
    for (const [table, column] of Migration20261129123100.columns) {
      this.addSql(`alter table if exists "${table}" alter column "${column}" type real;`)
    }
  }
}
