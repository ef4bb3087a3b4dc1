/**
 * Fixed-window request counting for the store routes: in Redis when the
 * plugin has one (every server process shares the count), in memory
 * otherwise — and in memory while Redis is unreachable, so an outage makes
 * the limit per process instead of turning it off or failing requests.
 */
import type Redis from "ioredis"
import { whenReady } from "./redis-util"

export const RATE_LIMITED_ROUTES = ["recommendations", "feedback"] as const
export type RateLimitedRoute = (typeof RATE_LIMITED_ROUTES)[number]

export interface RateLimitConfig {
  /** Requests per window and client, per route. */
  limits: Record<RateLimitedRoute, number>
  windowSeconds: number
  /** "ip": the client address; "customer_or_ip": the signed-in customer, else the address. */
  keyBy: "ip" | "customer_or_ip"
  /** Proxies whose X-Forwarded-For is believed; empty: the socket address is the client. */
  trustedProxies: string[]
}

export interface RateLimitResult {
  allowed: boolean
  limit: number
  remaining: number
  /** Seconds until the window resets: the Retry-After of a refusal. */
  resetSeconds: number
  /** "redis", or "memory" (no Redis, or Redis unreachable). */
  store: "redis" | "memory"
}

const MEMORY_SWEEP_AT = 50_000

export class RateLimiter {
  protected memory_ = new Map<string, number>()
  protected memoryWindow_ = -1

  constructor(
    protected readonly config: RateLimitConfig,
    protected readonly prefix: string,
    /** A fail-fast connection (no offline queue), or null without Redis. */
    protected readonly redis: () => Redis | null
  ) {}

  async consume(route: RateLimitedRoute, client: string, now = Date.now()): Promise<RateLimitResult> {
    const limit = this.config.limits[route]
    const windowMs = this.config.windowSeconds * 1000
    const window = Math.floor(now / windowMs)
    const resetSeconds = Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000))
    const key = `${route}:${client}`
    let count: number
    let store: RateLimitResult["store"] = "memory"
    const redis = this.redis()
    try {
      if (!redis) throw new Error("no redis")
      // a connection still opening is waited for briefly, so counts do not split between the stores at start-up
      if (redis.status === "wait" || redis.status === "connecting" || redis.status === "connect") await whenReady(redis, 500)
      const full = `${this.prefix}:rate:${key}:${window}`
      const res = await redis.multi().incr(full).pexpire(full, windowMs + 1000).exec()
      const [err, value] = res?.[0] ?? [new Error("empty reply"), 0]
      if (err) throw err
      count = Number(value)
      store = "redis"
    } catch {
      count = this.countInMemory_(key, window)
    }
    return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), resetSeconds, store }
  }

  protected countInMemory_(key: string, window: number): number {
    if (window !== this.memoryWindow_ || this.memory_.size > MEMORY_SWEEP_AT) {
      this.memory_.clear()
      this.memoryWindow_ = window
    }
    const count = (this.memory_.get(key) ?? 0) + 1
    this.memory_.set(key, count)
    return count
  }
}
