import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { checkAlertsWorkflow } from "../../../../../workflows/alerts/workflows/check-alerts"
import { flushRouteMinutes } from "../../../../utils/route-metrics"

/**
 * Checks every alert now (the scheduled job does every minute), after writing
 * this process's route minutes so that the check sees them; returns each
 * reading and what changed.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  // with Postgres away the write fails and the minutes wait for the next one; the check says Postgres is down
  await flushRouteMinutes(req.scope).catch(() => undefined)
  const { result } = await checkAlertsWorkflow(req.scope).run()
  res.json({ postgres: result.check.postgres, readings: result.check.readings, transitions: result.check.transitions, delivered: result.delivered.delivered })
}
