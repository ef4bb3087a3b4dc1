import type { QueueCounts } from "../types/admin"
import { whenReady, withTimeout } from "./redis-util"
import { Queue, Worker, type Job } from "bullmq"
import Redis from "ioredis"
import type { Logger } from "@medusajs/framework/types"

export const REWARD_JOB_NAMES = [
  // a reward for a known decision: handled inside the module
  "reward",
  // Medusa events: handled by workflows, which can load carts and orders
  "cart-started",
  "cart-updated",
  "order-placed",
  "order-canceled",
  "return-received",
  "customer-deleted",
  // delayed checks scheduled by decisions and orders
  "abandonment-check",
  "retention-check",
  // an uploaded Online Retail file to import
  "import",
] as const
export type RewardJobName = (typeof REWARD_JOB_NAMES)[number]

export type JobProcessor = (name: RewardJobName, data: any) => Promise<unknown>

export interface RewardQueueConfig {
  redisUrl: string | null
  queueName: string
  /** BullMQ key prefix: tests and stores sharing a Redis keep their jobs apart with it. */
  prefix: string
  attempts: number
  backoffMs: number
  /** Event jobs (workflows) a worker runs at once. */
  concurrency: number
  /** Reward jobs a worker holds at once: they are applied in batches, so this is the batch pool. */
  rewardConcurrency: number
  /** False in a `server`-mode process: it enqueues, `worker`/`shared` processes run jobs. */
  runWorker: boolean
  stalledIntervalMs: number
}

export interface FailedJob {
  id: string
  name: string
  data: unknown
  failed_reason: string
  /** Where the last attempt failed (first frames). */
  stack: string | null
  attempts_made: number
  failed_at: string | null
}

export type { QueueCounts } from "../types/admin"

/**
 * The reward job queue. With Redis it is BullMQ: retries with exponential
 * backoff, jobs that exhaust them stay in the failed set, a job id makes a
 * repeated event one job. Without Redis the same handlers run in-process,
 * with the same retries; delayed jobs then live only as long as the process.
 */
type Lane = "rewards" | "events"

/**
 * Reward jobs (cheap, batched) and event jobs (workflows that load carts and
 * orders) run on two BullMQ queues, so a burst of one never starves the other.
 */
function laneOf(name: string): Lane {
  return name === "reward" ? "rewards" : "events"
}

export class RewardQueue {
  protected queues_: Partial<Record<Lane, Queue>> = {}
  protected workers_: Worker[] = []
  protected connections_: Redis[] = []
  protected producers_: Partial<Record<Lane, Redis>> = {}
  protected inline_: InlineQueue | null = null

  constructor(
    protected readonly config: RewardQueueConfig,
    protected readonly processor: JobProcessor,
    protected readonly logger: Logger
  ) {}

  get mode(): "bullmq" | "in-process" {
    return this.config.redisUrl ? "bullmq" : "in-process"
  }

  protected connection_(): Redis {
    // BullMQ needs maxRetriesPerRequest: null (blocking commands must not time out)
    const c = new Redis(this.config.redisUrl!, { maxRetriesPerRequest: null })
    c.on("error", (e) => this.logger.warn(`rl-agent: Redis connection error: ${e.message}`))
    this.connections_.push(c)
    return c
  }

  protected queueName_(lane: Lane): string {
    return lane === "events" ? this.config.queueName : `${this.config.queueName}-rewards`
  }

  protected ensureQueue_(lane: Lane = "events"): Queue | InlineQueue {
    if (!this.config.redisUrl) {
      this.inline_ ??= new InlineQueue(this.config, this.processor, this.logger)
      return this.inline_
    }
    this.producers_[lane] ??= this.connection_()
    this.queues_[lane] ??= new Queue(this.queueName_(lane), {
      connection: this.producers_[lane]!,
      prefix: this.config.prefix,
      defaultJobOptions: {
        attempts: this.config.attempts,
        backoff: { type: "exponential", delay: this.config.backoffMs },
        // keep completed ids a day so a repeated event within it is still one job
        removeOnComplete: { age: 24 * 3600, count: 100_000 },
        removeOnFail: false,
      },
    })
    return this.queues_[lane]!
  }

  protected bullQueues_(): Queue[] {
    if (!this.config.redisUrl) return []
    return (["events", "rewards"] as Lane[]).map((l) => this.ensureQueue_(l) as Queue)
  }

  /** Starts the workers where this process runs jobs. Idempotent. */
  async start(): Promise<void> {
    if (!this.config.redisUrl) {
      this.ensureQueue_()
      if (this.config.runWorker) this.logger.info("rl-agent: no redisUrl set, reward jobs run in-process")
      return
    }
    this.bullQueues_()
    if (!this.config.runWorker || this.workers_.length) return
    for (const lane of ["events", "rewards"] as Lane[]) {
      const worker = new Worker(
        this.queueName_(lane),
        async (job: Job) => this.processor(job.name as RewardJobName, job.data),
        {
          connection: this.connection_(),
          prefix: this.config.prefix,
          concurrency: lane === "rewards" ? this.config.rewardConcurrency : this.config.concurrency,
          stalledInterval: this.config.stalledIntervalMs,
          maxStalledCount: 3,
        }
      )
      worker.on("failed", (job, err) => {
        if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) {
          this.logger.error(`rl-agent: reward job ${job.id} (${job.name}) failed for good: ${err.message}`)
        }
      })
      worker.on("error", (err) => this.logger.warn(`rl-agent: reward worker error: ${err.message}`))
      this.workers_.push(worker)
    }
    await Promise.all(this.workers_.map((w) => w.waitUntilReady()))
  }

  /**
   * Adds a job. With Redis away it fails within `timeoutMs` instead of
   * waiting for it (the caller keeps the job in the outbox); the add may still
   * land when Redis returns, which the job id makes harmless.
   */
  async enqueue(
    name: RewardJobName,
    data: unknown,
    opts: { jobId: string; delayMs?: number; attempts?: number },
    timeoutMs = 1000
  ): Promise<void> {
    const lane = laneOf(name)
    const q = this.ensureQueue_(lane)
    const add = async (): Promise<void> => {
      await q.add(name, data, { jobId: opts.jobId, delay: opts.delayMs, ...(opts.attempts ? { attempts: opts.attempts } : {}) })
    }
    const producer = this.producers_[lane]
    if (!producer) return add()
    if (producer.status !== "ready") {
      // first connection: wait for it; a connection that was lost: do not make the caller wait for Redis
      if (producer.status !== "wait" && producer.status !== "connecting" && producer.status !== "connect") {
        throw new Error(`the reward queue's Redis is ${producer.status}`)
      }
      await whenReady(producer, timeoutMs)
    }
    await withTimeout(add(), timeoutMs, "the reward queue")
  }

  /** False while the queue's Redis connection is down (always true in-process). */
  isAvailable(): boolean {
    if (!this.config.redisUrl) return true
    const producers = Object.values(this.producers_)
    return producers.length === 0 || producers.every((c) => c!.status === "ready")
  }

  /** Drops a pending (e.g. delayed) job; a job already running or gone is left alone. */
  async remove(jobId: string): Promise<void> {
    if (!this.config.redisUrl) return (this.ensureQueue_() as InlineQueue).remove(jobId)
    for (const q of this.bullQueues_()) {
      const job = await q.getJob(jobId)
      if (job && ((await job.isDelayed()) || (await job.isWaiting()))) {
        await job.remove().catch(() => undefined)
      }
    }
  }

  async counts(): Promise<QueueCounts> {
    if (!this.config.redisUrl) {
      return { ...(this.ensureQueue_() as InlineQueue).counts(), mode: "in-process", worker: this.config.runWorker }
    }
    const all = await Promise.all(
      this.bullQueues_().map((q) => q.getJobCounts("waiting", "active", "delayed", "failed", "completed"))
    )
    const sum = (k: string) => all.reduce((s, c) => s + (c[k] ?? 0), 0)
    return {
      mode: "bullmq",
      worker: this.workers_.length > 0,
      waiting: sum("waiting"),
      active: sum("active"),
      delayed: sum("delayed"),
      failed: sum("failed"),
      completed: sum("completed"),
    }
  }

  async failed(offset = 0, limit = 50): Promise<{ count: number; jobs: FailedJob[] }> {
    if (!this.config.redisUrl) return (this.ensureQueue_() as InlineQueue).failed(offset, limit)
    const queues = this.bullQueues_()
    const counts = await Promise.all(queues.map((q) => q.getFailedCount()))
    // newest first across both lanes: take offset+limit from each, merge, slice
    const lists = await Promise.all(queues.map((q) => q.getFailed(0, offset + limit - 1)))
    const jobs = lists
      .flat()
      .filter(Boolean)
      .sort((a, b) => (b.finishedOn ?? 0) - (a.finishedOn ?? 0))
      .slice(offset, offset + limit)
    return {
      count: counts.reduce((a, b) => a + b, 0),
      jobs: jobs.map((j) => ({
        id: String(j.id),
        name: j.name,
        data: j.data,
        failed_reason: j.failedReason,
        stack: j.stacktrace?.length ? j.stacktrace[j.stacktrace.length - 1].split("\n").slice(0, 8).join("\n") : null,
        attempts_made: j.attemptsMade,
        failed_at: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
      })),
    }
  }

  /** Moves failed jobs (all, or the given ids) back to the queue; returns how many. */
  async retryFailed(ids?: string[]): Promise<number> {
    if (!this.config.redisUrl) return (this.ensureQueue_() as InlineQueue).retryFailed(ids)
    let retried = 0
    for (const q of this.bullQueues_()) {
      const jobs = ids?.length
        ? (await Promise.all(ids.map((id) => q.getJob(id)))).filter(Boolean)
        : await q.getFailed(0, -1)
      for (const job of jobs as Job[]) {
        if (await job.isFailed()) {
          await job.retry("failed")
          retried++
        }
      }
    }
    return retried
  }

  /** Resolves when nothing is waiting, active or (optionally) delayed. For tests and benchmarks. */
  async drain(timeoutMs = 30_000, includeDelayed = false): Promise<void> {
    const started = Date.now()
    for (;;) {
      const c = await this.counts()
      if (!c.waiting && !c.active && (!includeDelayed || !c.delayed)) return
      if (Date.now() - started > timeoutMs) {
        throw new Error(`reward queue not drained after ${timeoutMs} ms: ${JSON.stringify(c)}`)
      }
      await new Promise((r) => setTimeout(r, 25))
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers_.map((w) => w.close().catch(() => undefined)))
    await Promise.all(Object.values(this.queues_).map((q) => q!.close().catch(() => undefined)))
    await Promise.all(this.connections_.map((c) => c.quit().catch(() => c.disconnect())))
    this.inline_?.close()
    this.workers_ = []
    this.queues_ = {}
    this.producers_ = {}
    this.connections_ = []
  }
}

/** The in-process stand-in: same retry policy, dedupe by job id, a bounded failed list. */
class InlineQueue {
  protected timers = new Map<string, { timer: NodeJS.Timeout; delayed: boolean }>()
  protected seen = new Map<string, number>()
  protected failedJobs: Array<FailedJob & { jobName: RewardJobName }> = []
  protected active = 0
  protected waiting = 0
  protected delayed = 0

  constructor(
    protected readonly config: RewardQueueConfig,
    protected readonly processor: JobProcessor,
    protected readonly logger: Logger
  ) {}

  async add(name: string, data: unknown, opts: { jobId: string; delay?: number }) {
    const now = Date.now()
    if ((this.seen.get(opts.jobId) ?? 0) > now) return
    this.seen.set(opts.jobId, now + 24 * 3600 * 1000)
    if (this.seen.size > 100_000) {
      for (const [k, until] of this.seen) if (until <= now) this.seen.delete(k)
    }
    this.schedule(opts.jobId, name as RewardJobName, data, opts.delay ?? 0, 0)
  }

  protected schedule(id: string, name: RewardJobName, data: unknown, delay: number, attempt: number) {
    const isDelayed = delay > 0
    if (isDelayed) this.delayed++
    else this.waiting++
    const timer = setTimeout(async () => {
      this.timers.delete(id)
      if (isDelayed) this.delayed--
      else this.waiting--
      this.active++
      try {
        await this.processor(name, data)
      } catch (e) {
        const next = attempt + 1
        if (next < this.config.attempts) {
          this.schedule(id, name, data, this.config.backoffMs * 2 ** attempt, next)
        } else {
          this.logger.error(`rl-agent: reward job ${id} (${name}) failed for good: ${(e as Error).message}`)
          this.failedJobs.unshift({
            id,
            name,
            jobName: name,
            data,
            failed_reason: (e as Error).message,
            stack: (e as Error).stack?.split("\n").slice(0, 8).join("\n") ?? null,
            attempts_made: next,
            failed_at: new Date().toISOString(),
          })
          this.failedJobs.length = Math.min(this.failedJobs.length, 1000)
        }
      } finally {
        this.active--
      }
    }, delay)
    timer.unref?.()
    this.timers.set(id, { timer, delayed: isDelayed })
  }

  remove(jobId: string) {
    const t = this.timers.get(jobId)
    if (t) {
      clearTimeout(t.timer)
      this.timers.delete(jobId)
      if (t.delayed) this.delayed--
      else this.waiting--
    }
  }

  counts() {
    return {
      waiting: this.waiting,
      active: this.active,
      delayed: this.delayed,
      failed: this.failedJobs.length,
      completed: 0,
    }
  }

  failed(offset: number, limit: number) {
    return {
      count: this.failedJobs.length,
      jobs: this.failedJobs.slice(offset, offset + limit).map(({ jobName: _n, ...j }) => j),
    }
  }

  retryFailed(ids?: string[]) {
    const picked = this.failedJobs.filter((j) => !ids?.length || ids.includes(j.id))
    this.failedJobs = this.failedJobs.filter((j) => !picked.includes(j))
    for (const j of picked) this.schedule(j.id, j.jobName, j.data, 0, 0)
    return picked.length
  }

  close() {
    for (const t of this.timers.values()) clearTimeout(t.timer)
    this.timers.clear()
  }
}
