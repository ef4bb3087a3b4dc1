import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261207002431 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "rl_agent" add column if not exists "explore_strategies" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "rl_agent" drop column if exists "explore_strategies";`);
  }

}
