import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { RL_AGENT_MODULE } from "../../../../modules/rl-agent"
import { agentParameters, explorableOf } from "../../../../modules/rl-agent/service"
import type RlAgentModuleService from "../../../../modules/rl-agent/service"
import { updateAgentWorkflow } from "../../../../workflows/agent/workflows/update-agent"
import type { AdminUpdateAgentType } from "./validators"

async function agentResponse(rl: RlAgentModuleService) {
  const agent = await rl.getAgent()
  const table = await rl.getTableStats(agent.model_version)
  return {
    id: agent.id,
    ...agentParameters(agent),
    model_version: agent.model_version,
    // a strategy served to everyone instead of the policy (an experiment's winner made the default), or null
    serving_strategy: agent.serving_strategy ?? null,
    // the strategies exploration may try (the guard rail); all six when none is set
    explore_strategies: explorableOf(agent),
    // the per-request rail: a strategy is explored into only when its own list fills the request (with this stock, if set)
    explore_full_list: agent.explore_full_list,
    explore_min_stock: agent.explore_min_stock ?? null,
    // the last Q update; not stored on the agent row, whose lock every reward would contend for
    last_update_at: table.last_visited_at,
    q_table: { states: table.states, entries: table.entries },
  }
}

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ agent: await agentResponse(req.scope.resolve(RL_AGENT_MODULE)) })
}

export const PATCH = async (req: AuthenticatedMedusaRequest<AdminUpdateAgentType>, res: MedusaResponse) => {
  await updateAgentWorkflow(req.scope).run({ input: req.validatedBody })
  res.json({ agent: await agentResponse(req.scope.resolve(RL_AGENT_MODULE)) })
}
