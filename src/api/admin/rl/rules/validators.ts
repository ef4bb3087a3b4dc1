import { z } from "@medusajs/framework/zod"
import { BOOST_BOUNDS, RULE_KINDS, RULE_TARGETS, ruleProblem } from "../../../../learning/merchandising"
import { PLACEMENTS } from "../../../../learning/state"
import { safeString } from "../../../utils/validators"

const id = safeString("an id")

/** A rule's fields; which ones a kind needs is `ruleProblem`'s to say, for a new rule and a changed one alike. */
const fields = {
  kind: z.enum(RULE_KINDS),
  target_type: z.enum(RULE_TARGETS).nullable(),
  target_ids: z.array(id).max(500, { message: "target_ids holds at most 500 ids" }),
  sales_channel_id: id.nullable(),
  placement: z.enum(PLACEMENTS).nullable(),
  min_stock: z.number().int().min(1).max(1_000_000).nullable(),
  currency_code: z
    .string()
    .regex(/^[A-Za-z]{3}$/, { message: "currency_code must be an ISO 4217 code such as \"eur\"" })
    .transform((c) => c.toLowerCase())
    .nullable(),
  price_min: z.number().min(0).max(1e9).nullable(),
  price_max: z.number().min(0).max(1e9).nullable(),
  multiplier: z
    .number()
    .min(BOOST_BOUNDS.min, { message: `multiplier must be at least ${BOOST_BOUNDS.min}` })
    .max(BOOST_BOUNDS.max, { message: `multiplier must be at most ${BOOST_BOUNDS.max}` })
    .nullable(),
  enabled: z.boolean(),
  note: safeString("note", 500).nullable(),
}

export type AdminCreateRuleType = z.infer<typeof AdminCreateRule>
export const AdminCreateRule = z
  .strictObject({
    kind: fields.kind,
    target_type: fields.target_type.default(null),
    target_ids: fields.target_ids.default([]),
    sales_channel_id: fields.sales_channel_id.default(null),
    placement: fields.placement.default(null),
    min_stock: fields.min_stock.default(null),
    currency_code: fields.currency_code.default(null),
    price_min: fields.price_min.default(null),
    price_max: fields.price_max.default(null),
    multiplier: fields.multiplier.default(null),
    enabled: fields.enabled.default(true),
    note: fields.note.default(null),
  })
  .superRefine((rule, ctx) => {
    const problem = ruleProblem(rule)
    if (problem) ctx.addIssue({ code: "custom", path: [problem.path], message: problem.message })
  })

export type AdminUpdateRuleType = z.infer<typeof AdminUpdateRule>
/** Any of the fields; the rule they make with the stored ones is checked as a whole. */
export const AdminUpdateRule = z.strictObject({
  kind: fields.kind.optional(),
  target_type: fields.target_type.optional(),
  target_ids: fields.target_ids.optional(),
  sales_channel_id: fields.sales_channel_id.optional(),
  placement: fields.placement.optional(),
  min_stock: fields.min_stock.optional(),
  currency_code: fields.currency_code.optional(),
  price_min: fields.price_min.optional(),
  price_max: fields.price_max.optional(),
  multiplier: fields.multiplier.optional(),
  enabled: fields.enabled.optional(),
  note: fields.note.optional(),
})

export type AdminListRuleAuditType = z.infer<typeof AdminListRuleAudit>
export const AdminListRuleAudit = z.strictObject({
  rule_id: id.optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})
