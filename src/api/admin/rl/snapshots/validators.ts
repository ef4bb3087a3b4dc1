import { z } from "@medusajs/framework/zod"
import { safeString } from "../../../utils/validators"

export type AdminListSnapshotsType = z.infer<typeof AdminListSnapshots>
export const AdminListSnapshots = z.strictObject({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})

export type AdminCreateSnapshotType = z.infer<typeof AdminCreateSnapshot>
export const AdminCreateSnapshot = z.strictObject({
  label: safeString("label").optional(),
})

export type AdminRestoreSnapshotType = z.infer<typeof AdminRestoreSnapshot>
/** A rollback replaces what the agent has learnt since: the caller says it means it. */
export const AdminRestoreSnapshot = z.strictObject({
  confirm: z.literal(true, { message: "confirm must be true: restoring replaces the current Q-table (it is snapshotted first)" }),
})

export type AdminPromoteSnapshotType = z.infer<typeof AdminPromoteSnapshot>
export const AdminPromoteSnapshot = z.strictObject({})
