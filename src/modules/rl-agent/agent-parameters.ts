import type { ExplorationGuard } from "../../learning/exploration-guard"
import { STRATEGIES, type Strategy } from "../../learning/strategies"
import type { RlAgentDTO } from "./types/shapes"

/** The agent's learning parameters and counters: what the admin shows and a snapshot keeps. */
export function agentParameters(agent: RlAgentDTO) {
  return {
    epsilon: agent.epsilon,
    epsilon_min: agent.epsilon_min,
    epsilon_decay: agent.epsilon_decay,
    alpha: agent.alpha,
    gamma: agent.gamma,
    episode_count: agent.episode_count,
    learning_enabled: agent.learning_enabled,
  }
}

/** The strategies exploration may try (the merchant's guard rail), all six when none is set. */
export function explorableOf(agent: Pick<RlAgentDTO, "explore_strategies">): Strategy[] {
  const set = agent.explore_strategies as unknown
  return Array.isArray(set) ? STRATEGIES.filter((s) => set.includes(s)) : [...STRATEGIES]
}

/** The per-request guard rail on exploration the merchant set (learning/exploration-guard.ts). */
export function guardOf(agent: Pick<RlAgentDTO, "explore_full_list" | "explore_min_stock">): ExplorationGuard {
  return { fullList: !!agent.explore_full_list, minStock: agent.explore_min_stock ?? null }
}
