import type { MedusaContainer } from "@medusajs/framework/types"
import { checkAlertsWorkflow } from "../workflows/alerts/workflows/check-alerts"

/** Checks every alert and notifies what changed (README "Alerts"). Schedule: env RL_ALERTS_CRON, default every minute. */
export default async function checkAlertsJob(container: MedusaContainer) {
  await checkAlertsWorkflow(container).run()
}

export const config = {
  name: "rl-check-alerts",
  schedule: process.env.RL_ALERTS_CRON || "* * * * *",
}
