import { Migration } from "@medusajs/framework/mikro-orm/migrations"
import { alterFloatColumns } from "../migrations-helpers"

const COLUMNS = [
  ["rl_snapshot_value", "value"],
  ["rl_metric_hourly", "revenue"],
  ["rl_metric_hourly", "reward_sum"],
  ["rl_reward", "amount"],
] as const

/** Double precision for the columns added with snapshots, rollups and reward amounts. */
export class Migration20261129123100 extends Migration {
  override async up(): Promise<void> {
    alterFloatColumns(this, COLUMNS, "double precision")
  }

  override async down(): Promise<void> {
    alterFloatColumns(this, COLUMNS, "real")
  }
}
