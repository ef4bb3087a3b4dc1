import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261129182129 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_decision_product_ids" ON "rl_decision" USING GIN ("product_ids") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_rl_decision_product_ids";`);
  }

}
