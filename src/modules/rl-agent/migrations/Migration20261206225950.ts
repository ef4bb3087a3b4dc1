import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261206225950 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "rl_experiment" drop constraint if exists "rl_experiment_status_unique";`);
    this.addSql(`create table if not exists "rl_experiment" ("id" text not null, "name" text not null, "arms" jsonb not null, "control_arm" text not null, "metric" text check ("metric" in ('conversion', 'revenue', 'engagement')) not null, "currency_code" text null, "status" text check ("status" in ('running', 'stopped')) not null default 'running', "started_at" timestamptz not null, "stopped_at" timestamptz null, "winner_arm" text null, "created_by" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "rl_experiment_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_experiment_deleted_at" ON "rl_experiment" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_rl_experiment_status_unique" ON "rl_experiment" ("status") WHERE status = 'running' AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_experiment_started_at" ON "rl_experiment" ("started_at") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "rl_decision" add column if not exists "experiment_id" text null, add column if not exists "arm" text null;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_decision_experiment_id_arm" ON "rl_decision" ("experiment_id", "arm") WHERE experiment_id IS NOT NULL AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rl_experiment" cascade;`);

    this.addSql(`drop index if exists "IDX_rl_decision_experiment_id_arm";`);
    this.addSql(`alter table if exists "rl_decision" drop column if exists "experiment_id", drop column if exists "arm";`);
  }

}
