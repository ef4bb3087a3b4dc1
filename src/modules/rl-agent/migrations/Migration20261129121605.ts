import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261129121605 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "rl_reward" drop constraint if exists "rl_reward_decision_id_kind_source_event_id_unique";`);
    this.addSql(`alter table if exists "rl_q_value" drop constraint if exists "rl_q_value_model_version_state_key_strategy_unique";`);
    this.addSql(`alter table if exists "rl_purchase" drop constraint if exists "rl_purchase_source_id_product_id_is_return_unique";`);
    this.addSql(`alter table if exists "rl_agent" drop constraint if exists "rl_agent_name_unique";`);
    this.addSql(`create table if not exists "rl_agent" ("id" text not null, "name" text not null default 'default', "epsilon" real not null, "epsilon_min" real not null, "epsilon_decay" real not null, "alpha" real not null, "gamma" real not null, "episode_count" integer not null default 0, "model_version" integer not null default 1, "state_model" jsonb not null, "learning_enabled" boolean not null default true, "last_update_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "rl_agent_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_agent_deleted_at" ON "rl_agent" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_rl_agent_name_unique" ON "rl_agent" ("name") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "rl_decision" ("id" text not null, "customer_hash" text null, "cart_id" text null, "session_id" text null, "region_id" text null, "currency_code" text null, "features" jsonb not null, "state_key" text not null, "strategy" text check ("strategy" in ('low_price', 'medium_price', 'high_price', 'category_match', 'popular', 'personalized')) not null, "explored" boolean not null, "propensity" real not null, "epsilon" real not null, "q_values" jsonb not null, "products" jsonb not null, "product_ids" text[] not null, "fallback" text null, "model_version" integer not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "rl_decision_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_decision_deleted_at" ON "rl_decision" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_decision_cart_id_created_at" ON "rl_decision" ("cart_id", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_decision_customer_hash_created_at" ON "rl_decision" ("customer_hash", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_decision_created_at" ON "rl_decision" ("created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_decision_strategy_created_at" ON "rl_decision" ("strategy", "created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "rl_purchase" ("id" text not null, "source_id" text not null, "customer_id" text null, "product_id" text not null, "quantity" integer not null, "unit_price" real not null, "currency_code" text not null, "purchased_at" timestamptz not null, "is_return" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "rl_purchase_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_purchase_deleted_at" ON "rl_purchase" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_rl_purchase_source_id_product_id_is_return_unique" ON "rl_purchase" ("source_id", "product_id", "is_return") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_purchase_customer_id_purchased_at" ON "rl_purchase" ("customer_id", "purchased_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_purchase_product_id_purchased_at" ON "rl_purchase" ("product_id", "purchased_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "rl_q_value" ("id" text not null, "model_version" integer not null, "state_key" text not null, "strategy" text check ("strategy" in ('low_price', 'medium_price', 'high_price', 'category_match', 'popular', 'personalized')) not null, "value" real not null default 0, "visits" integer not null default 0, "last_visited_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "rl_q_value_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_q_value_deleted_at" ON "rl_q_value" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_rl_q_value_model_version_state_key_strategy_unique" ON "rl_q_value" ("model_version", "state_key", "strategy") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_q_value_model_version_last_visited_at" ON "rl_q_value" ("model_version", "last_visited_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "rl_reward" ("id" text not null, "kind" text check ("kind" in ('view', 'engagement', 'conversion', 'revenue', 'retention', 'abandonment', 'rejection')) not null, "value" real not null, "source_event_id" text not null, "product_id" text null, "q_after" real null, "next_state_key" text null, "terminal" boolean not null default false, "decision_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "rl_reward_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_reward_decision_id" ON "rl_reward" ("decision_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_reward_deleted_at" ON "rl_reward" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_rl_reward_decision_id_kind_source_event_id_unique" ON "rl_reward" ("decision_id", "kind", "source_event_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_reward_created_at" ON "rl_reward" ("created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "rl_reward" add constraint "rl_reward_decision_id_foreign" foreign key ("decision_id") references "rl_decision" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "rl_reward" drop constraint if exists "rl_reward_decision_id_foreign";`);

    this.addSql(`drop table if exists "rl_agent" cascade;`);

    this.addSql(`drop table if exists "rl_decision" cascade;`);

    this.addSql(`drop table if exists "rl_purchase" cascade;`);

    this.addSql(`drop table if exists "rl_q_value" cascade;`);

    this.addSql(`drop table if exists "rl_reward" cascade;`);
  }

}
