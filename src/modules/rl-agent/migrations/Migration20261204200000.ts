import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/** Merchandising rules and the audit log of every change to them. */
export class Migration20261204200000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "rl_merchandising_rule" ("id" text not null, "kind" text check ("kind" in ('exclude', 'include_only', 'min_stock', 'price_range', 'pin', 'boost')) not null, "target_type" text check ("target_type" in ('product', 'category', 'collection', 'tag')) null, "target_ids" text[] not null default '{}', "sales_channel_id" text null, "placement" text check ("placement" in ('cart', 'product', 'home', 'checkout')) null, "min_stock" integer null, "currency_code" text null, "price_min" double precision null, "price_max" double precision null, "multiplier" double precision null, "enabled" boolean not null default true, "note" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "rl_merchandising_rule_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_merchandising_rule_deleted_at" ON "rl_merchandising_rule" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_merchandising_rule_enabled" ON "rl_merchandising_rule" ("enabled") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "rl_rule_audit" ("id" text not null, "rule_id" text not null, "action" text check ("action" in ('created', 'updated', 'deleted')) not null, "actor_id" text null, "before" jsonb null, "after" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "rl_rule_audit_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_rule_audit_deleted_at" ON "rl_rule_audit" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_rule_audit_rule_id_created_at" ON "rl_rule_audit" ("rule_id", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_rule_audit_created_at" ON "rl_rule_audit" ("created_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rl_rule_audit" cascade;`);
    this.addSql(`drop table if exists "rl_merchandising_rule" cascade;`);
  }

}
