import { z } from "@medusajs/framework/zod"
import { ALERT_KINDS } from "../../../../monitoring/alerts"

export type AdminListAlertsType = z.infer<typeof AdminListAlerts>
export const AdminListAlerts = z.strictObject({
  status: z.enum(["firing", "resolved"]).optional(),
  kind: z.enum(ALERT_KINDS).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})

export type AdminCheckAlertsType = z.infer<typeof AdminCheckAlerts>
export const AdminCheckAlerts = z.strictObject({})
