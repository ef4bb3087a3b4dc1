import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261129123040 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "rl_reward" add column if not exists "amount" real null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "rl_reward" drop column if exists "amount";`);
  }

}
