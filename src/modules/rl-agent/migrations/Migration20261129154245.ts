import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261129154245 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "rl_evaluation" ("id" text not null, "model_version" integer null, "report" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "rl_evaluation_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_evaluation_deleted_at" ON "rl_evaluation" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_evaluation_created_at" ON "rl_evaluation" ("created_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rl_evaluation" cascade;`);
  }

}
