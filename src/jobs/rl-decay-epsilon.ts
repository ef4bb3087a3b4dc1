import type { MedusaContainer } from "@medusajs/framework/types"
import { RL_AGENT_MODULE } from "../modules/rl-agent"
import type RlAgentModuleService from "../modules/rl-agent/service"

/** Multiplies ε by its decay (down to the floor) every hour. Schedule: env RL_EPSILON_DECAY_CRON, default "0 * * * *". */
export default async function decayEpsilonJob(container: MedusaContainer) {
  await container.resolve<RlAgentModuleService>(RL_AGENT_MODULE).decayEpsilon()
}

export const config = {
  name: "rl-decay-epsilon",
  schedule: process.env.RL_EPSILON_DECAY_CRON || "0 * * * *",
}
