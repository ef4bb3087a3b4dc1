import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261129151159 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "rl_product_stat" drop constraint if exists "rl_product_stat_product_id_unique";`);
    this.addSql(`alter table if exists "rl_customer_profile" drop constraint if exists "rl_customer_profile_customer_id_unique";`);
    this.addSql(`alter table if exists "rl_co_purchase" drop constraint if exists "rl_co_purchase_product_id_related_product_id_unique";`);
    this.addSql(`create table if not exists "rl_co_purchase" ("id" text not null, "product_id" text not null, "related_product_id" text not null, "invoices" integer not null, "score" real not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "rl_co_purchase_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_co_purchase_deleted_at" ON "rl_co_purchase" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_rl_co_purchase_product_id_related_product_id_unique" ON "rl_co_purchase" ("product_id", "related_product_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "rl_customer_profile" ("id" text not null, "customer_id" text not null, "orders" integer not null default 0, "units" integer not null default 0, "low_band_units" integer not null default 0, "revenue" real not null default 0, "first_purchased_at" timestamptz null, "last_purchased_at" timestamptz null, "top_product_ids" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "rl_customer_profile_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_customer_profile_deleted_at" ON "rl_customer_profile" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_rl_customer_profile_customer_id_unique" ON "rl_customer_profile" ("customer_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "rl_product_stat" ("id" text not null, "product_id" text not null, "units_30d" integer not null default 0, "units_90d" integer not null default 0, "units_365d" integer not null default 0, "units_all" integer not null default 0, "orders_all" integer not null default 0, "customers_all" integer not null default 0, "revenue_all" real not null default 0, "last_purchased_at" timestamptz null, "as_of" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "rl_product_stat_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_product_stat_deleted_at" ON "rl_product_stat" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_rl_product_stat_product_id_unique" ON "rl_product_stat" ("product_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rl_co_purchase" cascade;`);

    this.addSql(`drop table if exists "rl_customer_profile" cascade;`);

    this.addSql(`drop table if exists "rl_product_stat" cascade;`);
  }

}
