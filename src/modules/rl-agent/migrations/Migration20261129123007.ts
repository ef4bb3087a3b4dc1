import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261129123007 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "rl_metric_hourly" drop constraint if exists "rl_metric_hourly_hour_strategy_country_segment_unique";`);
    this.addSql(`create table if not exists "rl_metric_hourly" ("id" text not null, "hour" timestamptz not null, "strategy" text check ("strategy" in ('low_price', 'medium_price', 'high_price', 'category_match', 'popular', 'personalized')) not null, "country" text not null, "segment" text not null, "decisions" integer not null default 0, "explored" integer not null default 0, "engagements" integer not null default 0, "conversions" integer not null default 0, "revenue" real not null default 0, "reward_sum" real not null default 0, "abandonments" integer not null default 0, "rejections" integer not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "rl_metric_hourly_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_metric_hourly_deleted_at" ON "rl_metric_hourly" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_rl_metric_hourly_hour_strategy_country_segment_unique" ON "rl_metric_hourly" ("hour", "strategy", "country", "segment") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "rl_snapshot" ("id" text not null, "label" text null, "reason" text check ("reason" in ('scheduled', 'manual', 'pre_restore', 'import')) not null default 'manual', "model_version" integer not null, "agent" jsonb not null, "states" integer not null default 0, "entries" integer not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "rl_snapshot_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_snapshot_deleted_at" ON "rl_snapshot" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_snapshot_created_at" ON "rl_snapshot" ("created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "rl_snapshot_value" ("id" text not null, "state_key" text not null, "strategy" text check ("strategy" in ('low_price', 'medium_price', 'high_price', 'category_match', 'popular', 'personalized')) not null, "value" real not null, "visits" integer not null default 0, "last_visited_at" timestamptz null, "snapshot_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "rl_snapshot_value_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_snapshot_value_snapshot_id" ON "rl_snapshot_value" ("snapshot_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_snapshot_value_deleted_at" ON "rl_snapshot_value" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "rl_snapshot_value" add constraint "rl_snapshot_value_snapshot_id_foreign" foreign key ("snapshot_id") references "rl_snapshot" ("id") on update cascade;`);

    this.addSql(`alter table if exists "rl_reward" drop constraint if exists "rl_reward_kind_check";`);

    this.addSql(`alter table if exists "rl_reward" add constraint "rl_reward_kind_check" check("kind" in ('view', 'engagement', 'conversion', 'revenue', 'retention', 'abandonment', 'rejection', 'clawback', 'episode_end'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "rl_snapshot_value" drop constraint if exists "rl_snapshot_value_snapshot_id_foreign";`);

    this.addSql(`drop table if exists "rl_metric_hourly" cascade;`);

    this.addSql(`drop table if exists "rl_snapshot" cascade;`);

    this.addSql(`drop table if exists "rl_snapshot_value" cascade;`);

    this.addSql(`alter table if exists "rl_reward" drop constraint if exists "rl_reward_kind_check";`);

    this.addSql(`alter table if exists "rl_reward" add constraint "rl_reward_kind_check" check("kind" in ('view', 'engagement', 'conversion', 'revenue', 'retention', 'abandonment', 'rejection'));`);
  }

}
