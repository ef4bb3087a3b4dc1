import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261207015248 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "rl_shadow" drop constraint if exists "rl_shadow_status_unique";`);
    this.addSql(`create table if not exists "rl_shadow" ("id" text not null, "name" text not null, "snapshot_id" text null, "epsilon" real null, "status" text check ("status" in ('running', 'stopped', 'promoted')) not null default 'running', "started_at" timestamptz not null, "stopped_at" timestamptz null, "created_by" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "rl_shadow_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_shadow_deleted_at" ON "rl_shadow" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_rl_shadow_status_unique" ON "rl_shadow" ("status") WHERE status = 'running' AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_shadow_started_at" ON "rl_shadow" ("started_at") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "rl_agent" add column if not exists "explore_full_list" boolean not null default false, add column if not exists "explore_min_stock" integer null;`);

    this.addSql(`alter table if exists "rl_decision" add column if not exists "shadow_id" text null, add column if not exists "shadow_strategy" text check ("shadow_strategy" in ('low_price', 'medium_price', 'high_price', 'category_match', 'popular', 'personalized')) null, add column if not exists "shadow_probabilities" jsonb null;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_decision_shadow_id" ON "rl_decision" ("shadow_id") WHERE shadow_id IS NOT NULL AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rl_shadow" cascade;`);

    this.addSql(`alter table if exists "rl_agent" drop column if exists "explore_full_list", drop column if exists "explore_min_stock";`);

    this.addSql(`drop index if exists "IDX_rl_decision_shadow_id";`);
    this.addSql(`alter table if exists "rl_decision" drop column if exists "shadow_id", drop column if exists "shadow_strategy", drop column if exists "shadow_probabilities";`);
  }

}
