import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261129133907 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "rl_import_run" ("id" text not null, "file_name" text not null, "status" text check ("status" in ('running', 'completed', 'failed')) not null default 'running', "phase" text not null default 'validate', "processed" integer not null default 0, "total" integer not null default 0, "summary" jsonb null, "error" text null, "finished_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "rl_import_run_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_import_run_deleted_at" ON "rl_import_run" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_import_run_created_at" ON "rl_import_run" ("created_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rl_import_run" cascade;`);
  }

}
