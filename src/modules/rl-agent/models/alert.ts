import { model } from "@medusajs/framework/utils"
import { ALERT_KINDS } from "../../../monitoring/alerts"

/**
 * One alert from its raise to its resolve (monitoring/alerts.ts). At most one
 * per kind is open, which the unique index enforces, so two processes
 * checking at once raise it once.
 */
const RlAlert = model
  .define("rl_alert", {
    id: model.id({ prefix: "rlalert" }).primaryKey(),
    kind: model.enum([...ALERT_KINDS]),
    threshold: model.float(),
    // the reading that raised it, the highest while it fired, the latest
    value: model.float().nullable(),
    peak: model.float().nullable(),
    last_value: model.float().nullable(),
    detail: model.text().nullable(),
    // consecutive checks below the threshold; it resolves at the option's count
    clear_checks: model.number().default(0),
    raised_at: model.dateTime(),
    resolved_at: model.dateTime().nullable(),
    // when the raise and the resolve were handed to the Notification Module (null: still to deliver)
    raise_delivered_at: model.dateTime().nullable(),
    resolve_delivered_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["kind"], unique: true, where: "resolved_at IS NULL AND deleted_at IS NULL" },
    { on: ["raised_at"], where: "deleted_at IS NULL" },
  ])

export default RlAlert
