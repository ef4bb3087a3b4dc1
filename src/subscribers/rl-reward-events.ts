import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { RL_AGENT_MODULE } from "../modules/rl-agent"
import { EVENT_JOBS } from "../modules/rl-agent/queue/job-workflows"
import type RlAgentModuleService from "../modules/rl-agent/service"

/**
 * Cart, order and customer events → one reward job each (a repeated event is
 * one job). The worker turns them into rewards; nothing is computed here.
 */
export default async function rlRewardEventsHandler({ event, container }: SubscriberArgs<Record<string, unknown>>) {
  await container.resolve<RlAgentModuleService>(RL_AGENT_MODULE).enqueueEvent(event)
}

export const config: SubscriberConfig = {
  event: Object.keys(EVENT_JOBS),
  context: { subscriberId: "rl-reward-events" },
}
