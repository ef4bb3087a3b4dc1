import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261206223626 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "rl_route_minute" drop constraint if exists "rl_route_minute_process_minute_route_unique";`);
    this.addSql(`alter table if exists "rl_alert" drop constraint if exists "rl_alert_kind_unique";`);
    this.addSql(`create table if not exists "rl_alert" ("id" text not null, "kind" text check ("kind" in ('qtable_growth', 'latency_p95', 'error_rate', 'memory', 'failed_jobs', 'outbox_age', 'redis_unreachable', 'postgres_unreachable')) not null, "threshold" double precision not null, "value" double precision null, "peak" double precision null, "last_value" double precision null, "detail" text null, "clear_checks" integer not null default 0, "raised_at" timestamptz not null, "resolved_at" timestamptz null, "raise_delivered_at" timestamptz null, "resolve_delivered_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "rl_alert_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_alert_deleted_at" ON "rl_alert" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_rl_alert_kind_unique" ON "rl_alert" ("kind") WHERE resolved_at IS NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_alert_raised_at" ON "rl_alert" ("raised_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "rl_route_minute" ("id" text not null, "process" text not null, "minute" timestamptz not null, "route" text not null, "requests" integer not null default 0, "server_errors" integer not null default 0, "buckets" jsonb not null, "memory_ratio" double precision not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "rl_route_minute_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_route_minute_deleted_at" ON "rl_route_minute" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_rl_route_minute_process_minute_route_unique" ON "rl_route_minute" ("process", "minute", "route") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_route_minute_minute" ON "rl_route_minute" ("minute") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rl_alert" cascade;`);

    this.addSql(`drop table if exists "rl_route_minute" cascade;`);
  }

}
