import { z } from "@medusajs/framework/zod"
import { safeString } from "../../../utils/validators"

export type AdminListFailedJobsType = z.infer<typeof AdminListFailedJobs>
export const AdminListFailedJobs = z.strictObject({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})

export type AdminRetryFailedJobsType = z.infer<typeof AdminRetryFailedJobs>
export const AdminRetryFailedJobs = z.strictObject({
  /** Job ids to retry; omit to retry every failed job. */
  ids: z.array(safeString("ids", 300)).max(1000).optional(),
})
