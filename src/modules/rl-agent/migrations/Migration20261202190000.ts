import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * The abandonment sweep's position in the decision log (one row per sweep).
 * Decisions served before it keep the delayed check they were given.
 */
export class Migration20261202190000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "rl_sweep_cursor" ("id" text not null, "name" text not null, "position_at" timestamptz not null, "position_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "rl_sweep_cursor_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_sweep_cursor_deleted_at" ON "rl_sweep_cursor" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_rl_sweep_cursor_name_unique" ON "rl_sweep_cursor" ("name") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rl_sweep_cursor" cascade;`);
  }

}
