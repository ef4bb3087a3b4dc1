import type { MedusaContainer } from "@medusajs/framework/types"
import { RL_AGENT_MODULE } from "../modules/rl-agent"
import type RlAgentModuleService from "../modules/rl-agent/service"

/** Recomputes the hourly metrics the admin reads, for every decision that can still earn rewards. Schedule: env RL_ROLLUP_CRON, default "5 * * * *". */
export default async function rollupMetricsJob(container: MedusaContainer) {
  await container.resolve<RlAgentModuleService>(RL_AGENT_MODULE).rollupMetrics()
}

export const config = {
  name: "rl-rollup-metrics",
  schedule: process.env.RL_ROLLUP_CRON || "5 * * * *",
}
