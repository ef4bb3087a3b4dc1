import { model } from "@medusajs/framework/utils"

/**
 * The convergence indicators of one model version on one day (UTC), rolled
 * up from the decision and reward logs (repositories/convergence.ts; the
 * definitions are in learning/convergence.ts). Kept after the decision log's
 * retention, like the hourly metrics.
 */
const RlConvergenceDaily = model
  .define("rl_convergence_daily", {
    id: model.id({ prefix: "rlcvg" }).primaryKey(),
    model_version: model.number(),
    day: model.dateTime(),
    decisions: model.number().default(0),
    // rewards that moved a Q value
    updates: model.number().default(0),
    mean_abs_delta_q: model.float().nullable(),
    // per cell updated in the trailing 7 days, the variance of its values there, averaged
    q_variance: model.float().nullable(),
    // states decided that day that had been decided on an earlier day of the trailing week
    states_compared: model.number().default(0),
    greedy_changed_share: model.float().nullable(),
    exploration_rate: model.float().nullable(),
    epsilon: model.float().nullable(),
    rewards: model.number().default(0),
    reward_mean: model.float().nullable(),
    reward_variance: model.float().nullable(),
  })
  .indexes([{ on: ["model_version", "day"], unique: true, where: "deleted_at IS NULL" }])

export default RlConvergenceDaily
