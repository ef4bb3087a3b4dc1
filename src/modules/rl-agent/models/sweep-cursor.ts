import { model } from "@medusajs/framework/utils"

/**
 * How far a background pass over the decision log has got: the abandonment
 * sweep enqueues each decision's check once its window has closed, and
 * moves this past it only after the checks are on the queue (or in the
 * outbox), so a crash repeats a batch (one job per id) and loses none.
 */
const RlSweepCursor = model
  .define("rl_sweep_cursor", {
    id: model.id({ prefix: "rlswc" }).primaryKey(),
    name: model.text(),
    // the last decision passed, by (created_at, id): the log's order
    position_at: model.dateTime(),
    position_id: model.text(),
  })
  .indexes([{ on: ["name"], unique: true, where: "deleted_at IS NULL" }])

export default RlSweepCursor
