import { model } from "@medusajs/framework/utils"
import { EXPERIMENT_METRICS } from "../../../learning/experiments"

/**
 * A live A/B holdout (learning/experiments.ts): its arms and their traffic
 * shares, the primary metric, and when it ran. At most one runs at a time,
 * which the unique index enforces: every decision belongs to one experiment.
 */
const RlExperiment = model
  .define("rl_experiment", {
    id: model.id({ prefix: "rlexp" }).primaryKey(),
    name: model.text(),
    // [{ key, kind: "agent" | "strategy" | "random", strategy?, weight }]
    arms: model.json(),
    // the arm the others are compared with
    control_arm: model.text(),
    metric: model.enum([...EXPERIMENT_METRICS]),
    // revenue is compared in one currency: decisions priced in others are left out of it
    currency_code: model.text().nullable(),
    status: model.enum(["running", "stopped"]).default("running"),
    started_at: model.dateTime(),
    stopped_at: model.dateTime().nullable(),
    // the arm the merchant chose when stopping it, if any
    winner_arm: model.text().nullable(),
    created_by: model.text().nullable(),
  })
  .indexes([
    { on: ["status"], unique: true, where: "status = 'running' AND deleted_at IS NULL" },
    { on: ["started_at"], where: "deleted_at IS NULL" },
  ])

export default RlExperiment
