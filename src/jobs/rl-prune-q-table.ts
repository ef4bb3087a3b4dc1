import type { MedusaContainer } from "@medusajs/framework/types"
import { RL_AGENT_MODULE } from "../modules/rl-agent"
import type RlAgentModuleService from "../modules/rl-agent/service"

/** Keeps the Q-table within qTableMaxStates states, dropping the least recently visited. Schedule: env RL_PRUNE_CRON, default "15 * * * *". */
export default async function pruneQTableJob(container: MedusaContainer) {
  await container.resolve<RlAgentModuleService>(RL_AGENT_MODULE).pruneQTable()
}

export const config = {
  name: "rl-prune-q-table",
  schedule: process.env.RL_PRUNE_CRON || "15 * * * *",
}
