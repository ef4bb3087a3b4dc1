import { model } from "@medusajs/framework/utils"

/**
 * Reward and event jobs that could not be put on the queue (Redis away):
 * kept in Postgres and enqueued, under the same job id, when Redis answers
 * again — so a queue outage delays learning instead of losing it.
 */
const RlOutbox = model
  .define("rl_outbox", {
    id: model.id({ prefix: "rlobx" }).primaryKey(),
    job_name: model.text(),
    // the queue's job id: enqueueing it twice is still one job
    job_id: model.text(),
    data: model.json(),
    // a delayed job (abandonment, retention checks) keeps its due time across the outage
    run_at: model.dateTime().nullable(),
    attempts: model.number().nullable(),
    last_error: model.text().nullable(),
  })
  .indexes([
    { on: ["job_id"], unique: true, where: "deleted_at IS NULL" },
    { on: ["created_at"] },
  ])

export default RlOutbox
