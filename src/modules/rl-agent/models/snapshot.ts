import { model } from "@medusajs/framework/utils"
import RlSnapshotValue from "./snapshot-value"

/**
 * A checkpoint of the agent and its Q-table: taken every 6 h by a job, on
 * demand from the admin, and before every rollback (so a rollback can be undone).
 */
const RlSnapshot = model
  .define("rl_snapshot", {
    id: model.id({ prefix: "rlsnap" }).primaryKey(),
    label: model.text().nullable(),
    reason: model.enum(["scheduled", "manual", "pre_restore", "import"]).default("manual"),
    // the model version whose Q rows were copied
    model_version: model.number(),
    // ε, α, γ, decay, state model … as they were
    agent: model.json(),
    states: model.number().default(0),
    entries: model.number().default(0),
    values: model.hasMany(() => RlSnapshotValue, { mappedBy: "snapshot" }),
  })
  .indexes([{ on: ["created_at"] }])

export default RlSnapshot
