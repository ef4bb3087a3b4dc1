import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261129184536 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "rl_outbox" drop constraint if exists "rl_outbox_job_id_unique";`);
    this.addSql(`create table if not exists "rl_outbox" ("id" text not null, "job_name" text not null, "job_id" text not null, "data" jsonb not null, "run_at" timestamptz null, "attempts" integer null, "last_error" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "rl_outbox_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_outbox_deleted_at" ON "rl_outbox" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_rl_outbox_job_id_unique" ON "rl_outbox" ("job_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_outbox_created_at" ON "rl_outbox" ("created_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rl_outbox" cascade;`);
  }

}
