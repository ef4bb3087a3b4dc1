/**
 * Everything between a Medusa event and a reward statement that is not SQL:
 * the BullMQ lanes, the Postgres outbox that holds jobs while Redis is away
 * and the relay that moves them back, the micro-batcher that turns held
 * reward jobs into one statement, and the fail-fast Redis connection the
 * health route and the rate limiter share. loaders/reward-pipeline.ts
 * creates one per module and registers it; the service delegates to it. The
 * outbox's SQL stays in repositories/, reached through `OutboxStore`.
 */
import Redis from "ioredis"
import type { Logger } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import type { ApplyRewardInput, ApplyRewardResult, DependencyStatus } from "../types/shapes"
import type { RlResolvedOptions } from "../types"
import { EVENT_JOBS, eventJobId } from "./job-workflows"
import { MicroBatcher } from "./micro-batcher"
import { RateLimiter, type RateLimitResult, type RateLimitedRoute } from "./rate-limiter"
import { whenReady } from "./redis-util"
import { RewardQueue, type FailedJob, type QueueCounts, type RewardJobName } from "./reward-queue"

export type JobOptions = { jobId: string; delayMs?: number; attempts?: number }

/** The outbox table, as the service's repositories reach it. */
export interface OutboxStore {
  store(job: { name: RewardJobName; data: unknown } & JobOptions, error: string): Promise<void>
  relay(enqueue: (job: { name: string; data: unknown } & JobOptions) => Promise<void>, batchSize: number): Promise<number>
  count(): Promise<number>
}

export interface RewardPipelineHandlers {
  /** Applies a batch of held reward jobs (one statement). */
  applyRewards: (inputs: ApplyRewardInput[]) => Promise<Array<ApplyRewardResult | Error>>
  /** Runs every other job kind (the workflows behind events and delayed checks). */
  runJob: (name: Exclude<RewardJobName, "reward">, data: any) => Promise<unknown>
  /**
   * One pass of the abandonment sweep (the checks of decisions whose window
   * closed): null when another process holds it, `more` when it stopped
   * with decisions left.
   */
  sweepAbandonments: () => Promise<{ enqueued: number; more: boolean } | null>
}

export class RewardPipeline {
  protected readonly queue: RewardQueue
  // reward jobs held by the worker at once are applied as one statement per batch
  protected readonly batcher: MicroBatcher<ApplyRewardInput, ApplyRewardResult>
  protected outboxWarned = false
  // a job was kept in the outbox since the last relay (start: maybe one a previous run kept)
  protected outboxKept = true
  protected outboxTimer: NodeJS.Timeout | null = null
  protected sweepTimer: NodeJS.Timeout | null = null
  protected closed = false
  protected redis: Redis | null = null
  protected rateLimiter: RateLimiter | null = null

  constructor(
    protected readonly options: RlResolvedOptions,
    protected readonly runWorker: boolean,
    protected readonly outbox: OutboxStore,
    protected readonly handlers: RewardPipelineHandlers,
    protected readonly logger: Logger
  ) {
    this.batcher = new MicroBatcher<ApplyRewardInput, ApplyRewardResult>((inputs) => handlers.applyRewards(inputs), 250, 5)
    const o = options
    this.queue = new RewardQueue(
      {
        redisUrl: o.redisUrl,
        queueName: o.queueName,
        prefix: o.queuePrefix,
        attempts: o.jobAttempts,
        backoffMs: o.jobBackoffMs,
        concurrency: o.workerConcurrency,
        rewardConcurrency: o.rewardWorkerConcurrency,
        runWorker,
        stalledIntervalMs: o.stalledIntervalMs,
      },
      (name, data) => (name === "reward" ? this.batcher.push(data as ApplyRewardInput) : handlers.runJob(name, data)),
      logger
    )
  }

  /** The worker and the abandonment sweep and, in every process that enqueues, the outbox relay. */
  async start(): Promise<void> {
    this.closed = false
    await this.queue.start()
    this.startOutboxRelay()
    if (this.runWorker) this.scheduleSweep(this.options.abandonmentSweepIntervalMs)
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.outboxTimer) clearInterval(this.outboxTimer)
    this.outboxTimer = null
    if (this.sweepTimer) clearTimeout(this.sweepTimer)
    this.sweepTimer = null
    await this.queue.close()
    await this.redis?.quit().catch(() => this.redis?.disconnect())
    this.redis = null
  }

  /** Starts the worker only (tests that drive the queue without the relay). */
  async startQueue(): Promise<void> {
    await this.queue.start()
  }

  async closeQueue(): Promise<void> {
    await this.queue.close()
  }

  /**
   * The abandonment sweep every `abandonmentSweepIntervalMs`, at once again
   * while a backlog remains. A failed pass is logged and tried next time:
   * its cursor did not move, so nothing is skipped.
   */
  protected scheduleSweep(delayMs: number): void {
    if (this.closed) return
    this.sweepTimer = setTimeout(async () => {
      let next = this.options.abandonmentSweepIntervalMs
      try {
        const pass = await this.handlers.sweepAbandonments()
        if (pass?.more) next = 0
      } catch (e) {
        this.logger.warn(`rl-agent: abandonment sweep failed, will retry: ${(e as Error).message}`)
      }
      this.scheduleSweep(next)
    }, delayMs)
    this.sweepTimer.unref()
  }

  /**
   * Each interval, when the queue is reachable, whatever waits in the outbox
   * moves to the queue.
   */
  protected startOutboxRelay(): void {
    if (this.queue.mode !== "bullmq" || this.outboxTimer) return
    let running = false
    // the table is read when this process kept a job since the last relay, and otherwise once a
    // minute (jobs a process that died kept): no query every interval while nothing is waiting
    const sweepEvery = Math.max(1, Math.round(60_000 / this.options.outboxRelayIntervalMs))
    let ticks = 0
    this.outboxTimer = setInterval(async () => {
      ticks++
      if (running || !this.queue.isAvailable()) return
      if (!this.outboxKept && ticks % sweepEvery !== 0) return
      running = true
      try {
        this.outboxKept = false
        await this.relayOutbox()
        // a relay stopped by a failure leaves jobs behind: try again next interval
        if ((await this.outbox.count()) > 0) this.outboxKept = true
      } catch (e) {
        this.outboxKept = true
        this.logger?.warn(`rl-agent: outbox relay failed, will retry: ${(e as Error).message}`)
      } finally {
        running = false
      }
    }, this.options.outboxRelayIntervalMs)
    this.outboxTimer.unref()
  }

  /**
   * Enqueues a job; the job id makes a repeated event one job. With Redis
   * away the job goes to the Postgres outbox instead, and is enqueued when
   * Redis answers again. Says where it went.
   */
  async enqueue(name: RewardJobName, data: unknown, opts: JobOptions): Promise<"queue" | "outbox"> {
    try {
      await this.queue.enqueue(name, data, opts)
      return "queue"
    } catch (e) {
      if (this.queue.mode !== "bullmq") throw e
      const error = e as Error
      if (!this.outboxWarned) {
        this.logger.warn(`rl-agent: the reward queue is unreachable (${error.message}); keeping jobs in the Postgres outbox until it is back`)
        this.outboxWarned = true
      }
      this.outboxKept = true
      await this.outbox.store({ name, data, ...opts }, error.message)
      return "outbox"
    }
  }

  /** Turns a Medusa event into its reward job (what every subscriber does). */
  async enqueueEvent(event: { name: string; data: any; metadata?: Record<string, unknown> }): Promise<"queue" | "outbox"> {
    const job = EVENT_JOBS[event.name]
    if (!job) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `No reward job for event ${event.name}`)
    }
    return this.enqueue(job, event.data, { jobId: eventJobId(event) })
  }

  /**
   * Moves outbox jobs to the queue, oldest first, a batch at a time, under
   * their own job ids (a job enqueued twice is one job); delayed jobs keep
   * their due time. Stops at the first failure. Returns how many moved.
   */
  /** Jobs waiting in the outbox. */
  countOutbox(): Promise<number> {
    return this.outbox.count()
  }

  async relayOutbox(batchSize = 500): Promise<number> {
    if (this.queue.mode !== "bullmq") return 0
    const moved = await this.outbox.relay((job) => this.queue.enqueue(job.name as RewardJobName, job.data, job), batchSize)
    if (moved) {
      this.logger.info(`rl-agent: moved ${moved} jobs from the outbox to the reward queue`)
      this.outboxWarned = false
    }
    return moved
  }

  isAvailable(): boolean {
    return this.queue.isAvailable()
  }

  remove(jobId: string): Promise<void> {
    return this.queue.remove(jobId)
  }

  counts(): Promise<QueueCounts> {
    return this.queue.counts()
  }

  failed(offset: number, limit: number): Promise<{ count: number; jobs: FailedJob[] }> {
    return this.queue.failed(offset, limit)
  }

  retryFailed(ids?: string[]): Promise<number> {
    return this.queue.retryFailed(ids)
  }

  drain(timeoutMs?: number, includeDelayed = false): Promise<void> {
    return this.queue.drain(timeoutMs, includeDelayed)
  }

  /**
   * A connection that fails fast instead of queueing commands while Redis is
   * away (health pings, rate limiting); opened on first use.
   */
  protected fastRedis(timeoutMs = 1000): Redis | null {
    if (!this.options.redisUrl) return null
    if (!this.redis) {
      this.redis = new Redis(this.options.redisUrl, {
        lazyConnect: true,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: timeoutMs,
      })
      // callers report the failure; without a listener ioredis logs it as unhandled
      this.redis.on("error", () => undefined)
    }
    if (this.redis.status === "wait" || this.redis.status === "end") this.redis.connect().catch(() => undefined)
    return this.redis
  }

  /** Counts a store request against the client's rate limit. Null when rate limiting is off. */
  async consumeRateLimit(route: RateLimitedRoute, client: string): Promise<RateLimitResult | null> {
    if (!this.options.rateLimit) return null
    this.rateLimiter ??= new RateLimiter(this.options.rateLimit, this.options.queuePrefix, () => this.fastRedis())
    return this.rateLimiter.consume(route, client)
  }

  /** PING on the fail-fast connection. */
  async pingRedis(timeoutMs = 1000): Promise<DependencyStatus> {
    const redis = this.fastRedis(timeoutMs)
    if (!redis) return { status: "not_configured" }
    const started = Date.now()
    try {
      if (redis.status !== "ready") await whenReady(redis, timeoutMs)
      let timer: NodeJS.Timeout | undefined
      await Promise.race([
        redis.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
        }),
      ]).finally(() => clearTimeout(timer))
      return { status: "ok", latency_ms: Date.now() - started }
    } catch (e) {
      return { status: "down", error: (e as Error).message }
    }
  }
}
