import type { MedusaContainer } from "@medusajs/framework/types"
import { RL_AGENT_MODULE } from "../modules/rl-agent"
import type RlAgentModuleService from "../modules/rl-agent/service"

/** Rebuilds popularity windows, co-purchases and customer profiles from the purchase history. Schedule: env RL_STATISTICS_CRON, default "45 2 * * *". */
export default async function refreshStatisticsJob(container: MedusaContainer) {
  await container.resolve<RlAgentModuleService>(RL_AGENT_MODULE).refreshStatistics()
}

export const config = {
  name: "rl-refresh-statistics",
  schedule: process.env.RL_STATISTICS_CRON || "45 2 * * *",
}
