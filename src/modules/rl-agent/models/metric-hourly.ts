import { model } from "@medusajs/framework/utils"
import { STRATEGIES } from "../../../learning/strategies"

/**
 * Hourly rollup of decisions and rewards per strategy, segment and currency:
 * what the admin charts read, and what survives the decision log's retention.
 */
const RlMetricHourly = model
  .define("rl_metric_hourly", {
    id: model.id({ prefix: "rlmh" }).primaryKey(),
    hour: model.dateTime(),
    strategy: model.enum([...STRATEGIES]),
    // ISO country of the shopper, or "unknown"
    country: model.text(),
    // "guest", "new" (no purchase before) or "returning"
    segment: model.text(),
    // the currency the decision was priced in, so revenue is never summed across currencies;
    // "unknown" for hours rolled up before currencies were kept whose decisions are gone
    currency_code: model.text().default("unknown"),
    decisions: model.number().default(0),
    explored: model.number().default(0),
    engagements: model.number().default(0),
    conversions: model.number().default(0),
    // revenue attributed to recommended products (major units, net of claw-backs)
    revenue: model.float().default(0),
    reward_sum: model.float().default(0),
    abandonments: model.number().default(0),
    rejections: model.number().default(0),
  })
  .indexes([
    { on: ["hour", "strategy", "country", "segment", "currency_code"], unique: true, where: "deleted_at IS NULL" },
  ])

export default RlMetricHourly
