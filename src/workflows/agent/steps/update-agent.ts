import { MedusaError } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"
import type { Strategy } from "../../../learning/strategies"

export type UpdateAgentInput = {
  epsilon?: number
  epsilon_min?: number
  epsilon_decay?: number
  alpha?: number
  gamma?: number
  learning_enabled?: boolean
  serving_strategy?: Strategy | null
  explore_strategies?: Strategy[] | null
  explore_full_list?: boolean
  explore_min_stock?: number | null
}

const FIELDS = ["epsilon", "epsilon_min", "epsilon_decay", "alpha", "gamma", "learning_enabled", "serving_strategy", "explore_strategies", "explore_full_list", "explore_min_stock"] as const

/** Updates the agent's parameters; compensation restores only the fields it changed. */
export const updateAgentStep = createStep(
  "rl-update-agent",
  async (input: UpdateAgentInput, { container }) => {
    const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
    const agent = await rl.getAgent()
    const epsilon = input.epsilon ?? agent.epsilon
    const floor = input.epsilon_min ?? agent.epsilon_min
    if (floor > epsilon) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `epsilon_min (${floor}) must not exceed epsilon (${epsilon})`
      )
    }
    const previous: Record<string, unknown> = { id: agent.id }
    const update: Record<string, unknown> = { id: agent.id }
    for (const f of FIELDS) {
      if (input[f] !== undefined) {
        previous[f] = agent[f]
        update[f] = input[f]
      }
    }
    const updated = await rl.updateRlAgents(update as any)
    return new StepResponse(updated, previous)
  },
  async (previous, { container }) => {
    if (!previous) return
    const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
    await rl.updateRlAgents(previous as any)
  }
)
