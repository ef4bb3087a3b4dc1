import { Migration } from "@medusajs/framework/mikro-orm/migrations"
import { alterFloatColumns } from "../migrations-helpers"

const COLUMNS = [
  ["rl_co_purchase", "score"],
  ["rl_customer_profile", "revenue"],
  ["rl_product_stat", "revenue_all"],
] as const

/** Double precision for the derived statistics' scores and revenue. */
export class Migration20261129151200 extends Migration {
  override async up(): Promise<void> {
    alterFloatColumns(this, COLUMNS, "double precision")
  }

  override async down(): Promise<void> {
    alterFloatColumns(this, COLUMNS, "real")
  }
}
