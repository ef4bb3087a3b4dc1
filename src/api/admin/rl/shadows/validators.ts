import { z } from "@medusajs/framework/zod"

export type AdminStartShadowType = z.infer<typeof AdminStartShadow>
export const AdminStartShadow = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    /** the candidate's Q-table; omitted: the live table (then `epsilon` is what differs) */
    snapshot_id: z.string().min(1).max(100).optional(),
    /** the candidate's ε; omitted: the snapshot's own, else the agent's */
    epsilon: z.number().min(0).max(1).optional(),
  })
  .refine((v) => v.snapshot_id !== undefined || v.epsilon !== undefined, {
    message: "Send snapshot_id, epsilon or both: a shadow of the live table with the agent's ε is the serving policy itself",
    path: ["snapshot_id"],
  })

export type AdminListShadowsType = z.infer<typeof AdminListShadows>
export const AdminListShadows = z.strictObject({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})

/** Stop and promote take no body: anything sent is a mistake worth reporting. */
export const AdminShadowAction = z.strictObject({})
