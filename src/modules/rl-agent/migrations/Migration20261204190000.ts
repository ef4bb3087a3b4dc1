import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Where a decision was shown and what for: every decision before this was a
 * cart's, for products bought together.
 */
export class Migration20261204190000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "rl_decision" add column if not exists "placement" text check ("placement" in ('cart', 'product', 'home', 'checkout')) not null default 'cart', add column if not exists "intent" text check ("intent" in ('complementary', 'similar')) not null default 'complementary', add column if not exists "anchor_product_id" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "rl_decision" drop column if exists "placement", drop column if exists "intent", drop column if exists "anchor_product_id";`);
  }

}
