import { tmpdir } from "os"
import { join } from "path"
import type { PopularityWindow } from "../repositories/statistics"
import { DEFAULT_REWARD_WEIGHTS, type RewardWeights } from "../../../learning/reward"
import type { RateLimitConfig } from "../queue/rate-limiter"
import { DEFAULT_PRICE_BANDS, type PriceBands } from "../../../learning/strategies"
import { DEFAULT_ALERT_THRESHOLDS, type AlertThresholds } from "../../../monitoring/alerts"

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
  /**
   * Seconds the per-currency catalogue snapshot is reused before a background
   * check reads what changed since (rows' `updated_at`). Default 60.
   */
  catalogCacheTtlSeconds?: number
  /**
   * Seconds between full background reloads of the catalogue snapshot, which
   * also catch what no timestamp shows (category membership, regions, stock
   * locations). Never less than `catalogCacheTtlSeconds`: at or below it,
   * every expiry reloads whole (the checks are off). Default 600.
   */
  catalogFullReloadSeconds?: number
  /**
   * The longest a recommendation waits for a catalogue this process has not
   * loaded yet (after a restart; 100,000 products take minutes), in ms. After
   * 2 s it is answered from the interim snapshot (`catalogInterimProducts`);
   * with none within this bound it gets a 503 with Retry-After. Default 10000.
   */
  catalogFirstLoadWaitMs?: number
  /**
   * How many best sellers the interim snapshot holds: what recommendations are
   * drawn from while a large catalogue's first full load runs. 0: none, wait
   * for the full load. Default 500.
   */
  catalogInterimProducts?: number
  /**
   * Load the catalogue of every sales channel with a publishable key, for
   * every region, when the server starts (in the background), so the first
   * shoppers after a restart find it loaded. Default true.
   */
  catalogWarmUp?: boolean
  /**
   * Logs every decision served and every reward applied as one JSON object
   * (`{"event":"rl.decision",…}`, `{"event":"rl.reward",…}`) through Medusa's
   * logger, for a log pipeline to parse. Env `RL_STRUCTURED_LOGS=true`.
   * Default false.
   */
  structuredLogs?: boolean
  /**
   * The alerts (README "Alerts"): a threshold per alert (null turns one off),
   * with the original design's values as defaults, and where they are sent.
   * `false` turns them all off.
   */
  alerts?: false | (Partial<AlertThresholds> & {
    /** Fewer requests than this in a latency or error window: not judged. Default 20. */
    minRequests?: number
    /** Consecutive clear checks (one a minute) before an alert resolves. Default 3. */
    resolveAfterChecks?: number
    /**
     * The Notification Module channels an alert goes to. Default: the admin's
     * feed, `[{ channel: "feed", template: "admin-ui" }]`. Add e.g.
     * `{ channel: "email", to: "ops@example.com", template: "rl-alert" }` for
     * a provider configured on that channel.
     */
    channels?: AlertChannel[]
  })
  /** IANA time zone for the hour and weekday features. Default "UTC". */
  timeZone?: string
  /**
   * How the recommendation route reads a cart: "sql", one statement on the
   * cart module's tables (falls back to "module" by itself when they are not
   * in this database or disagree with the module), or "module", the cart
   * module's service (about 3 ms more CPU per request). Default "sql".
   */
  cartRead?: CartRead
  /**
   * Redis for the reward job queue (BullMQ) and the health route. Env
   * `RL_REDIS_URL`, then `REDIS_URL`. Unset: no queue, health says so.
   */
  redisUrl?: string
  /** BullMQ queue name. Default "rl-rewards". */
  queueName?: string
  /** BullMQ key prefix; give each store (and test run) sharing a Redis its own. Default "rl". */
  queuePrefix?: string
  /** Attempts per reward job before it stays in the failed set. Default 5. */
  jobAttempts?: number
  /** First retry delay; doubles each attempt. Default 1000 ms. */
  jobBackoffMs?: number
  /** Event jobs (workflows that load carts and orders) a worker process runs at once. Default 16. */
  workerConcurrency?: number
  /** Reward jobs a worker process holds at once; they are applied in batches of up to 250. Default 256. */
  rewardWorkerConcurrency?: number
  /** How often each process moves jobs kept in the Postgres outbox (during a Redis outage) to the queue. Default 5000 ms. */
  outboxRelayIntervalMs?: number
  /** How soon a job of a crashed worker is picked up again. Default 30000 ms. */
  stalledIntervalMs?: number
  /** A recommended product added to the cart within this time is engagement. Default 1800 s (30 min). */
  attributionWindowSeconds?: number
  /** An order within this time after a decision can convert it. Default 86400 s (24 h). */
  conversionWindowSeconds?: number
  /** A decision with no engagement and no order after this time is abandoned. Default 86400 s (24 h). */
  abandonmentWindowSeconds?: number
  /**
   * How often a worker process enqueues the abandonment checks of decisions
   * whose window has closed (one sweep of the decision log; no job per
   * decision waits in Redis meanwhile). Default 60000 ms.
   */
  abandonmentSweepIntervalMs?: number
  /** A customer who starts a new cart within this time after an order is retained. Default 604800 s (7 d). */
  retentionWindowSeconds?: number
  /** Decision log rows older than this are deleted (after the hourly rollup has them). Default 7 days. */
  decisionRetentionDays?: number
  /** The Q-table is pruned to this many states, least recently visited first. Default 100000. */
  qTableMaxStates?: number
  /** Snapshots older than this are deleted. Default 30 days. */
  snapshotRetentionDays?: number
  /**
   * Where admin uploads of the Online Retail file wait for the import job. In a
   * split server/worker deployment it must be storage both can read. Default: <tmp>/medusa-rl-imports.
   */
  importDir?: string
  /** Largest upload accepted by the import route, in MB. Default 200. */
  maxImportFileMb?: number
  /**
   * Trailing window `popular` ranks by (and the fill of the other strategies beyond relevance): "30d", "90d",
   * "365d" or "all", ending at the latest recorded purchase. Default "90d".
   */
  popularityWindow?: PopularityWindow
  /**
   * Requests per client and fixed window on the store routes; beyond it a 429
   * with Retry-After. Counted in Redis when there is one (shared by every
   * server process), else in memory. `false` turns it off (env `RL_RATE_LIMIT=off`).
   * Default: 300 recommendations and 600 feedback calls per 60 s, keyed by the
   * signed-in customer or else the client address (`req.ip`: set Medusa's
   * `trust proxy` behind a load balancer, and raise the limits for a
   * server-rendered storefront whose shoppers all arrive from its address).
   */
  rateLimit?:
    | false
    | {
        recommendations?: number
        feedback?: number
        windowSeconds?: number
        keyBy?: "ip" | "customer_or_ip"
        /**
         * The proxies in front of the store whose `X-Forwarded-For` is believed
         * (addresses, CIDR ranges, or "loopback" / "linklocal" / "uniquelocal").
         * Default none: the client is the socket's address, so a client cannot
         * pick a fresh bucket by sending the header itself.
         */
        trustedProxies?: string[]
      }
  /**
   * Price band thresholds per currency (major units): `{ eur: { low: 10, high: 50 } }`
   * means low < 10 ≤ medium ≤ 50 < high. Default: the original design's
   * `{ gbp: { low: 10, high: 50 } }`; a currency without an entry gets bands
   * fitted to its catalogue's own prices (the terciles).
   */
  priceBands?: Record<string, PriceBands>
  /**
   * Diversification: at most this many products of one category in a list
   * while products of other categories can fill it (a product's first
   * category counts); `false` for no cap. Default MAX_PER_CATEGORY_DEFAULT
   * (chosen on the evaluation's validation split: docs/evaluation.md).
   */
  maxPerCategory?: number | false
}

export type AlertChannel = { channel: string; to?: string; template?: string }

export type AlertOptions = AlertThresholds & { minRequests: number; resolveAfterChecks: number; channels: AlertChannel[] }

export const CART_READS = ["sql", "module"] as const
export type CartRead = (typeof CART_READS)[number]

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
  catalogFullReloadSeconds: number
  catalogFirstLoadWaitMs: number
  catalogInterimProducts: number
  catalogWarmUp: boolean
  structuredLogs: boolean
  /** null: alerts off */
  alerts: AlertOptions | null
  timeZone: string
  cartRead: CartRead
  redisUrl: string | null
  queueName: string
  queuePrefix: string
  jobAttempts: number
  jobBackoffMs: number
  workerConcurrency: number
  rewardWorkerConcurrency: number
  stalledIntervalMs: number
  outboxRelayIntervalMs: number
  attributionWindowSeconds: number
  conversionWindowSeconds: number
  abandonmentWindowSeconds: number
  abandonmentSweepIntervalMs: number
  retentionWindowSeconds: number
  decisionRetentionDays: number
  qTableMaxStates: number
  snapshotRetentionDays: number
  importDir: string
  maxImportFileMb: number
  popularityWindow: PopularityWindow
  rateLimit: RateLimitConfig | null
  /** Per lower-case currency code. */
  priceBands: Record<string, PriceBands>
  /** null: no cap. */
  maxPerCategory: number | null
}

/** The per-category cap a store gets unless it sets `maxPerCategory`. */
export const MAX_PER_CATEGORY_DEFAULT: number | null = 5

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
    catalogFullReloadSeconds: options.catalogFullReloadSeconds ?? 600,
    catalogFirstLoadWaitMs: options.catalogFirstLoadWaitMs ?? 10_000,
    catalogInterimProducts: options.catalogInterimProducts ?? 500,
    catalogWarmUp: options.catalogWarmUp ?? true,
    structuredLogs: options.structuredLogs ?? process.env.RL_STRUCTURED_LOGS === "true",
    alerts:
      options.alerts === false
        ? null
        : {
            ...DEFAULT_ALERT_THRESHOLDS,
            minRequests: 20,
            resolveAfterChecks: 3,
            channels: [{ channel: "feed", template: "admin-ui" }],
            ...(options.alerts ?? {}),
          },
    timeZone: options.timeZone ?? "UTC",
    cartRead: options.cartRead ?? "sql",
    redisUrl: options.redisUrl ?? process.env.RL_REDIS_URL ?? process.env.REDIS_URL ?? null,
    queueName: options.queueName ?? "rl-rewards",
    queuePrefix: options.queuePrefix ?? "rl",
    jobAttempts: options.jobAttempts ?? 5,
    jobBackoffMs: options.jobBackoffMs ?? 1000,
    workerConcurrency: options.workerConcurrency ?? 16,
    rewardWorkerConcurrency: options.rewardWorkerConcurrency ?? 256,
    stalledIntervalMs: options.stalledIntervalMs ?? 30_000,
    outboxRelayIntervalMs: options.outboxRelayIntervalMs ?? 5000,
    attributionWindowSeconds: options.attributionWindowSeconds ?? 1800,
    conversionWindowSeconds: options.conversionWindowSeconds ?? 86_400,
    abandonmentWindowSeconds: options.abandonmentWindowSeconds ?? 86_400,
    abandonmentSweepIntervalMs: options.abandonmentSweepIntervalMs ?? 60_000,
    retentionWindowSeconds: options.retentionWindowSeconds ?? 7 * 86_400,
    decisionRetentionDays: options.decisionRetentionDays ?? 7,
    qTableMaxStates: options.qTableMaxStates ?? 100_000,
    snapshotRetentionDays: options.snapshotRetentionDays ?? 30,
    importDir: options.importDir ?? join(tmpdir(), "medusa-rl-imports"),
    maxImportFileMb: options.maxImportFileMb ?? 200,
    popularityWindow: options.popularityWindow ?? "90d",
    rateLimit: resolveRateLimit(options.rateLimit),
    priceBands: Object.fromEntries(
      Object.entries(options.priceBands ?? { gbp: DEFAULT_PRICE_BANDS }).map(([currency, bands]) => [currency.toLowerCase(), bands])
    ),
    maxPerCategory: options.maxPerCategory === false ? null : options.maxPerCategory ?? MAX_PER_CATEGORY_DEFAULT,
  }
}

function resolveRateLimit(option: RlPluginOptions["rateLimit"]): RateLimitConfig | null {
  if (option === false || (option === undefined && process.env.RL_RATE_LIMIT === "off")) return null
  return {
    limits: { recommendations: option?.recommendations ?? 300, feedback: option?.feedback ?? 600 },
    windowSeconds: option?.windowSeconds ?? 60,
    keyBy: option?.keyBy ?? "customer_or_ip",
    trustedProxies: option?.trustedProxies ?? [],
  }
}

export type { StoreDefaults } from "../../../workflows/recommendations/region"
