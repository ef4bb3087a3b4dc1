import { DEFAULT_REWARD_WEIGHTS, type RewardWeights } from "../../learning/reward"

/**
 * Options of the plugin, passed as `plugins: [{ resolve, options }]` in the
 * store's medusa-config.ts. Medusa hands a plugin's options to every module
 * it contains. Each is optional; the defaults are the original design's.
 */
export interface RlPluginOptions {
  /** Initial exploration rate ε in [0, 1]. Env `RL_EPSILON`. Default 0.1. */
  epsilon?: number
  /** ε never decays below this floor. Default 0.01. */
  epsilonMin?: number
  /** Multiplicative ε decay per run of the decay job, in (0, 1]. Default 0.995. */
  epsilonDecay?: number
  /** Learning rate α in (0, 1]. Env `RL_LEARNING_RATE`. Default 0.01. */
  learningRate?: number
  /** Discount factor γ in [0, 1]. Env `RL_DISCOUNT_FACTOR`. Default 0.95. */
  discountFactor?: number
  /** Reward weights; any omitted weight keeps its default. */
  rewards?: Partial<RewardWeights>
  /**
   * Secret for the keyed hash (HMAC-SHA256) that replaces customer ids in the
   * decision log. Env `RL_CUSTOMER_HASH_SECRET`. Required when NODE_ENV is
   * "production"; elsewhere a fixed development secret is used with a warning.
   */
  customerHashSecret?: string
  /** Default number of products per recommendation. Default 6. */
  defaultLimit?: number
  /** Seconds the per-currency catalogue snapshot is reused. Default 60. */
  catalogCacheTtlSeconds?: number
  /** IANA time zone for the hour and weekday features. Default "UTC". */
  timeZone?: string
  /**
   * Redis for the reward job queue (BullMQ) and the health route. Env
   * `RL_REDIS_URL`, then `REDIS_URL`. Unset: no queue, health says so.
   */
  redisUrl?: string
}

export interface RlResolvedOptions {
  epsilon: number
  epsilonMin: number
  epsilonDecay: number
  learningRate: number
  discountFactor: number
  rewards: RewardWeights
  customerHashSecret: string
  customerHashSecretIsDefault: boolean
  defaultLimit: number
  catalogCacheTtlSeconds: number
  timeZone: string
  redisUrl: string | null
}

export const DEV_CUSTOMER_HASH_SECRET = "rl-dev-secret-change-me"

function envNumber(name: string): number | undefined {
  const raw = process.env[name]
  if (raw === undefined || raw.trim() === "") return undefined
  return Number(raw)
}

/** Options take precedence over env, env over the defaults. */
export function resolveOptions(options: RlPluginOptions = {}): RlResolvedOptions {
  const secret = options.customerHashSecret ?? process.env.RL_CUSTOMER_HASH_SECRET
  return {
    epsilon: options.epsilon ?? envNumber("RL_EPSILON") ?? 0.1,
    epsilonMin: options.epsilonMin ?? 0.01,
    epsilonDecay: options.epsilonDecay ?? 0.995,
    learningRate: options.learningRate ?? envNumber("RL_LEARNING_RATE") ?? 0.01,
    discountFactor: options.discountFactor ?? envNumber("RL_DISCOUNT_FACTOR") ?? 0.95,
    rewards: { ...DEFAULT_REWARD_WEIGHTS, ...(options.rewards ?? {}) },
    customerHashSecret: secret || DEV_CUSTOMER_HASH_SECRET,
    customerHashSecretIsDefault: !secret,
    defaultLimit: options.defaultLimit ?? 6,
    catalogCacheTtlSeconds: options.catalogCacheTtlSeconds ?? 60,
    timeZone: options.timeZone ?? "UTC",
    redisUrl: options.redisUrl ?? process.env.RL_REDIS_URL ?? process.env.REDIS_URL ?? null,
  }
}
