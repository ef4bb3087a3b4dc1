import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261206233321 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "rl_agent" add column if not exists "serving_strategy" text check ("serving_strategy" in ('low_price', 'medium_price', 'high_price', 'category_match', 'popular', 'personalized')) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "rl_agent" drop column if exists "serving_strategy";`);
  }

}
