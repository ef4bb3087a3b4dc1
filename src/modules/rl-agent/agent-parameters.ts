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
