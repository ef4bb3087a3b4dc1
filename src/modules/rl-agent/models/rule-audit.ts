import { model } from "@medusajs/framework/utils"

/** Every change to a merchandising rule: who, when, and the rule before and after. */
const RlRuleAudit = model
  .define("rl_rule_audit", {
    id: model.id({ prefix: "rlaudit" }).primaryKey(),
    rule_id: model.text(),
    action: model.enum(["created", "updated", "deleted"]),
    // the admin user who made the change (null: a script or job)
    actor_id: model.text().nullable(),
    before: model.json().nullable(),
    after: model.json().nullable(),
  })
  .indexes([{ on: ["rule_id", "created_at"] }, { on: ["created_at"] }])

export default RlRuleAudit
