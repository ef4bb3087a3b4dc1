import { model } from "@medusajs/framework/utils"

/**
 * A candidate policy run in shadow: for every decision while it runs, its
 * choice and its probability of every strategy are logged beside the served
 * one, never served. The candidate is a snapshot's Q-table (a model version)
 * or, with no snapshot, the live table, each with its own ε. At most one runs
 * at a time (the unique index), so a decision has one shadow.
 */
const RlShadow = model
  .define("rl_shadow", {
    id: model.id({ prefix: "rlsh" }).primaryKey(),
    name: model.text(),
    // the candidate's Q-table; null: the live table (a shadow of other settings)
    snapshot_id: model.text().nullable(),
    // the candidate's ε; null: the snapshot's own, else the agent's
    epsilon: model.float().nullable(),
    status: model.enum(["running", "stopped", "promoted"]).default("running"),
    started_at: model.dateTime(),
    stopped_at: model.dateTime().nullable(),
    created_by: model.text().nullable(),
  })
  .indexes([
    { on: ["status"], unique: true, where: "status = 'running' AND deleted_at IS NULL" },
    { on: ["started_at"], where: "deleted_at IS NULL" },
  ])

export default RlShadow
