import type { MedusaContainer } from "@medusajs/framework/types"
import { RL_AGENT_MODULE } from "../modules/rl-agent"
import type RlAgentModuleService from "../modules/rl-agent/service"

/** Deletes decisions past their retention once a day (aggregates stay in the hourly rollup). Schedule: env RL_DECISION_RETENTION_CRON, default "30 3 * * *". */
export default async function deleteExpiredDecisionsJob(container: MedusaContainer) {
  await container.resolve<RlAgentModuleService>(RL_AGENT_MODULE).deleteExpiredDecisions()
}

export const config = {
  name: "rl-delete-expired-decisions",
  schedule: process.env.RL_DECISION_RETENTION_CRON || "30 3 * * *",
}
