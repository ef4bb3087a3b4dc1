import type { LoaderOptions } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { asValue } from "@medusajs/framework/awilix"
import proxyaddr from "proxy-addr"
import { validateRewardWeights } from "../../../learning/reward"
import { POPULARITY_WINDOWS } from "../repositories/statistics"
import { CART_READS, resolveOptions, type RlPluginOptions } from "../types"

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: tz })
    return true
  } catch {
    return false
  }
}

function rangeErrors(o: ReturnType<typeof resolveOptions>): string[] {
  const errors: string[] = []
  const check = (ok: boolean, msg: string) => {
    if (!ok) errors.push(msg)
  }
  check(o.epsilon >= 0 && o.epsilon <= 1, `epsilon (RL_EPSILON) must be within [0, 1], got ${o.epsilon}`)
  check(o.epsilonMin >= 0 && o.epsilonMin <= o.epsilon, `epsilonMin must be within [0, epsilon], got ${o.epsilonMin}`)
  check(o.epsilonDecay > 0 && o.epsilonDecay <= 1, `epsilonDecay must be within (0, 1], got ${o.epsilonDecay}`)
  check(
    o.learningRate > 0 && o.learningRate <= 1,
    `learningRate (RL_LEARNING_RATE) must be within (0, 1], got ${o.learningRate}`
  )
  check(
    o.discountFactor >= 0 && o.discountFactor <= 1,
    `discountFactor (RL_DISCOUNT_FACTOR) must be within [0, 1], got ${o.discountFactor}`
  )
  check(Number.isInteger(o.defaultLimit) && o.defaultLimit >= 1 && o.defaultLimit <= 50, "defaultLimit must be an integer within [1, 50]")
  check(o.catalogCacheTtlSeconds >= 0, "catalogCacheTtlSeconds must be ≥ 0")
  check(o.catalogFullReloadSeconds >= 0, "catalogFullReloadSeconds must be ≥ 0")
  check(o.catalogFirstLoadWaitMs >= 0, `catalogFirstLoadWaitMs must be ≥ 0, got ${o.catalogFirstLoadWaitMs}`)
  check(
    Number.isInteger(o.catalogInterimProducts) && o.catalogInterimProducts >= 0 && o.catalogInterimProducts <= 5_000,
    `catalogInterimProducts must be an integer within [0, 5000], got ${o.catalogInterimProducts}`
  )
  check(typeof o.catalogWarmUp === "boolean", "catalogWarmUp must be true or false")
  check(typeof o.structuredLogs === "boolean", "structuredLogs must be true or false")
  check(isTimeZone(o.timeZone), `timeZone must be an IANA time zone such as "Europe/London", got ${o.timeZone}`)
  check((CART_READS as readonly string[]).includes(o.cartRead), `cartRead must be one of ${CART_READS.join(", ")}, got ${o.cartRead}`)
  const positiveInt = (v: number) => Number.isInteger(v) && v > 0
  check(!!o.queueName && !o.queueName.includes(":"), "queueName must be a non-empty string without ':'")
  check(!!o.queuePrefix, "queuePrefix must be a non-empty string")
  check(positiveInt(o.jobAttempts), "jobAttempts must be a positive integer")
  check(o.jobBackoffMs >= 0, "jobBackoffMs must be ≥ 0")
  check(positiveInt(o.workerConcurrency), "workerConcurrency must be a positive integer")
  check(positiveInt(o.rewardWorkerConcurrency), "rewardWorkerConcurrency must be a positive integer")
  check(o.stalledIntervalMs >= 100, "stalledIntervalMs must be ≥ 100")
  check(o.outboxRelayIntervalMs >= 100, "outboxRelayIntervalMs must be ≥ 100")
  check(o.abandonmentSweepIntervalMs >= 100, "abandonmentSweepIntervalMs must be ≥ 100")
  for (const k of [
    "attributionWindowSeconds",
    "conversionWindowSeconds",
    "abandonmentWindowSeconds",
    "retentionWindowSeconds",
    "decisionRetentionDays",
    "snapshotRetentionDays",
  ] as const) {
    check(o[k] > 0, `${k} must be > 0`)
  }
  check(
    (POPULARITY_WINDOWS as readonly string[]).includes(o.popularityWindow),
    `popularityWindow must be one of ${POPULARITY_WINDOWS.join(", ")}, got ${o.popularityWindow}`
  )
  if (o.rateLimit) {
    const r = o.rateLimit
    check(positiveInt(r.limits.recommendations), "rateLimit.recommendations must be a positive integer")
    check(positiveInt(r.limits.feedback), "rateLimit.feedback must be a positive integer")
    check(positiveInt(r.windowSeconds), "rateLimit.windowSeconds must be a positive integer")
    check(r.keyBy === "ip" || r.keyBy === "customer_or_ip", `rateLimit.keyBy must be "ip" or "customer_or_ip", got ${r.keyBy}`)
    check(
      Array.isArray(r.trustedProxies) && r.trustedProxies.every((p) => typeof p === "string" && !!p),
      "rateLimit.trustedProxies must be a list of addresses, CIDR ranges or loopback/linklocal/uniquelocal"
    )
    if (Array.isArray(r.trustedProxies)) {
      try {
        proxyaddr.compile(r.trustedProxies)
      } catch (e) {
        errors.push(`rateLimit.trustedProxies: ${(e as Error).message}`)
      }
    }
  }
  for (const [currency, bands] of Object.entries(o.priceBands)) {
    check(/^[a-z]{3}$/.test(currency), `priceBands keys must be ISO 4217 currency codes such as "eur", got "${currency}"`)
    const ok = !!bands && Number.isFinite(bands.low) && Number.isFinite(bands.high) && bands.low > 0 && bands.low <= bands.high
    check(ok, `priceBands.${currency} must be { low, high } with 0 < low ≤ high, got ${JSON.stringify(bands)}`)
  }
  if (o.alerts) {
    const a = o.alerts
    const nonNegative = (v: unknown) => v === null || (typeof v === "number" && Number.isFinite(v) && v >= 0)
    for (const k of ["qTableGrowthPerHour", "latencyP95Ms", "failedJobs", "outboxAgeSeconds"] as const) {
      check(nonNegative(a[k]), `alerts.${k} must be a number ≥ 0, or null to turn that alert off, got ${a[k]}`)
    }
    for (const k of ["errorRate", "memoryRatio"] as const) {
      check(nonNegative(a[k]) && (a[k] === null || a[k]! <= 1), `alerts.${k} must be a share within [0, 1], or null, got ${a[k]}`)
    }
    check(positiveInt(a.minRequests), "alerts.minRequests must be a positive integer")
    check(positiveInt(a.resolveAfterChecks), "alerts.resolveAfterChecks must be a positive integer")
    check(
      Array.isArray(a.channels) && a.channels.every((c) => !!c && typeof c.channel === "string" && !!c.channel),
      'alerts.channels must be a list of { channel, to?, template? }, e.g. [{ channel: "feed", template: "admin-ui" }]'
    )
  }
  check(positiveInt(o.qTableMaxStates), "qTableMaxStates must be a positive integer")
  check(
    o.maxPerCategory === null || (positiveInt(o.maxPerCategory) && o.maxPerCategory <= 50),
    `maxPerCategory must be an integer within [1, 50] or false, got ${o.maxPerCategory}`
  )
  if (o.redisUrl) {
    try {
      const u = new URL(o.redisUrl)
      check(u.protocol === "redis:" || u.protocol === "rediss:", `redisUrl must start with redis:// or rediss://`)
    } catch {
      errors.push(`redisUrl is not a valid URL`)
    }
  }
  return [...errors, ...validateRewardWeights(o.rewards)]
}

/**
 * Fails the boot with every invalid option listed, instead of letting a bad
 * value (say ε = 5) surface later as a corrupted Q-table; registers the
 * resolved options as `rlOptions` for the module's services and loaders.
 */
export default async function validateOptionsLoader({
  options,
  container,
}: LoaderOptions<RlPluginOptions>) {
  const resolved = resolveOptions(options ?? {})
  const errors = rangeErrors(resolved)
  if (errors.length) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `medusa-plugin-rl-recommendations: invalid options: ${errors.join("; ")}`
    )
  }
  if (resolved.customerHashSecretIsDefault) {
    if (process.env.NODE_ENV === "production") {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "medusa-plugin-rl-recommendations: set customerHashSecret (or RL_CUSTOMER_HASH_SECRET) in production; customer ids in the decision log are keyed hashes"
      )
    }
    const logger = container.resolve("logger") as { warn: (m: string) => void }
    logger.warn(
      "medusa-plugin-rl-recommendations: no customerHashSecret set, using a development secret"
    )
  }
  container.register({ rlOptions: asValue(resolved) })
}
