import type { MedusaContainer } from "@medusajs/framework/types"
import { RL_AGENT_MODULE } from "../modules/rl-agent"
import type RlAgentModuleService from "../modules/rl-agent/service"

/** Checkpoints the agent and Q-table every 6 hours; snapshots older than snapshotRetentionDays go. Schedule: env RL_SNAPSHOT_CRON, default every 6 hours. */
export default async function snapshotAgentJob(container: MedusaContainer) {
  await container.resolve<RlAgentModuleService>(RL_AGENT_MODULE).createSnapshot({ reason: "scheduled" })
}

export const config = {
  name: "rl-snapshot-agent",
  schedule: process.env.RL_SNAPSHOT_CRON || "0 */6 * * *",
}
