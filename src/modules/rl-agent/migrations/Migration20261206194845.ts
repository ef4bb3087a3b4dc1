import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * The daily convergence indicators per model version. (The module's snapshot
 * was regenerated with it: the hand-written migrations since 2026-12-02 had
 * not updated it, and their tables are created by those migrations.) Its
 * figures in double precision, as the Q-table's: the DML default is real.
 */
export class Migration20261206194845 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "rl_convergence_daily" ("id" text not null, "model_version" integer not null, "day" timestamptz not null, "decisions" integer not null default 0, "updates" integer not null default 0, "mean_abs_delta_q" double precision null, "q_variance" double precision null, "states_compared" integer not null default 0, "greedy_changed_share" double precision null, "exploration_rate" double precision null, "epsilon" double precision null, "rewards" integer not null default 0, "reward_mean" double precision null, "reward_variance" double precision null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "rl_convergence_daily_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_rl_convergence_daily_deleted_at" ON "rl_convergence_daily" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_rl_convergence_daily_model_version_day_unique" ON "rl_convergence_daily" ("model_version", "day") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rl_convergence_daily" cascade;`);
  }

}
