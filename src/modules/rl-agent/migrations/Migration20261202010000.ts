import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * The hourly rollup keeps the currency: rows so far are every currency added
 * ("unknown"). The next rollup recomputes every hour whose decisions are still
 * in the log, per currency, and replaces them.
 */
export class Migration20261202010000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "rl_metric_hourly" add column if not exists "currency_code" text not null default 'unknown';`);
    this.addSql(`DROP INDEX IF EXISTS "IDX_rl_metric_hourly_hour_strategy_country_segment_unique";`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_rl_metric_hourly_hour_strategy_country_segment_currency_code_unique" ON "rl_metric_hourly" ("hour", "strategy", "country", "segment", "currency_code") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`DROP INDEX IF EXISTS "IDX_rl_metric_hourly_hour_strategy_country_segment_currency_code_unique";`);
    this.addSql(`DELETE FROM "rl_metric_hourly" WHERE "currency_code" <> 'unknown';`);
    this.addSql(`alter table if exists "rl_metric_hourly" drop column if exists "currency_code";`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_rl_metric_hourly_hour_strategy_country_segment_unique" ON "rl_metric_hourly" ("hour", "strategy", "country", "segment") WHERE deleted_at IS NULL;`);
  }

}
