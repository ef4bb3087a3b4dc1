/**
 * The agent row. Values are bound, never interpolated.
 */
import { generateEntityId } from "@medusajs/framework/utils"
import { DEFAULT_STATE_MODEL } from "../../../learning/state"
import type { RlAgentDTO } from "../types/shapes"
import type { RlResolvedOptions } from "../types"
import type { SqlManager } from "./sql"

type AgentDefaults = Pick<RlResolvedOptions, "epsilon" | "epsilonMin" | "epsilonDecay" | "learningRate" | "discountFactor">

/** The agent row, created from the defaults on first use (race-safe: one insert wins, every caller reads it). */
export async function findOrCreateAgentSql(m: SqlManager, name: string, defaults: AgentDefaults): Promise<RlAgentDTO> {
  const rows = await m.execute(
    `SELECT * FROM rl_agent WHERE name = ? AND deleted_at IS NULL LIMIT 1`,
    [name]
  )
  if (rows.length) return rows[0] as RlAgentDTO
  const o = defaults
  await m.execute(
    `INSERT INTO rl_agent (id, name, epsilon, epsilon_min, epsilon_decay, alpha, gamma, episode_count,
       model_version, state_model, learning_enabled, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 0, 1, ?::jsonb, true, now(), now())
     ON CONFLICT (name) WHERE deleted_at IS NULL DO NOTHING`,
    [
      generateEntityId(undefined, "rlag"),
      name,
      o.epsilon,
      o.epsilonMin,
      o.epsilonDecay,
      o.learningRate,
      o.discountFactor,
      JSON.stringify(DEFAULT_STATE_MODEL),
    ]
  )
  const created = await m.execute(
    `SELECT * FROM rl_agent WHERE name = ? AND deleted_at IS NULL LIMIT 1`,
    [name]
  )
  return created[0] as RlAgentDTO
}
