import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { execFileSync } from "child_process"
import { Client } from "pg"
import { setFlagsFromString } from "v8"
import { runInNewContext } from "vm"
import { RL_AGENT_MODULE } from "../../src/modules/rl-agent"
import type RlAgentModuleService from "../../src/modules/rl-agent/service"
import type { AlertKind } from "../../src/monitoring/alerts"
import { deleteQueueKeys, uniquePrefix } from "../../harness/redis"
import { makeDecision } from "../helpers/decisions"
import { adminHeaders, createStoreFixture, type StoreFixture } from "../helpers/fixtures"
import { TcpProxy } from "../helpers/tcp-proxy"

/**
 * Every alert raised by a forced condition and resolved when it clears, once
 * each, through the real path: store requests timed by the route, their
 * minutes written to Postgres, the check (POST /admin/rl/alerts/check, which
 * the scheduled job runs every minute), and the Notification Module's feed
 * that the admin's bell reads. Thresholds are lowered where the default needs
 * production traffic (20 requests a window, 1,000 new states an hour).
 */
const REDIS_URL = process.env.RL_REDIS_URL ?? "redis://127.0.0.1:6379/1"
const target = new URL(REDIS_URL)
const proxy = new TcpProxy(17_000 + (process.pid % 1000), { host: target.hostname, port: Number(target.port || 6379) })
const prefix = uniquePrefix("alerts")
const MEMORY_THRESHOLD = 0.3

// the scheduled check would race the test's own checks: here it runs 12 hours from now (within
// setTimeout's 24.8 days: a later date overflows it and the job runs at once)
const later = new Date(Date.now() + 12 * 3_600_000)
process.env.RL_ALERTS_CRON = `${later.getMinutes()} ${later.getHours()} * * *`
process.env.RL_PLUGIN_OPTIONS = JSON.stringify({
  redisUrl: `redis://127.0.0.1:${proxy.port}${target.pathname}`,
  queuePrefix: prefix,
  jobAttempts: 2,
  jobBackoffMs: 50,
  outboxRelayIntervalMs: 200,
  alerts: {
    minRequests: 5,
    resolveAfterChecks: 1,
    latencyP95Ms: 150,
    qTableGrowthPerHour: 2,
    outboxAgeSeconds: 1,
    memoryRatio: MEMORY_THRESHOLD,
    // the admin's feed, and an email channel (served by the local provider in the test config)
    channels: [{ channel: "feed", template: "admin-ui" }, { channel: "email", to: "ops@example.com", template: "rl-alert" }],
  },
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

beforeAll(async () => {
  await proxy.up()
})
afterAll(async () => {
  await proxy.down()
  await deleteQueueKeys(REDIS_URL, prefix)
})

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: StoreFixture
    let headers: Record<string, string>
    const rl = () => getContainer().resolve<RlAgentModuleService>(RL_AGENT_MODULE)
    /** `n` recommendation requests, `concurrency` at a time (2: what the machine serves fast). */
    const recommend = (n: number, concurrency = 2) =>
      Promise.all(
        Array.from({ length: concurrency }, async (_, w) => {
          const statuses: number[] = []
          for (let i = w; i < n; i += concurrency) {
            const res = await api
              .post("/store/rl/recommendations", { product_id: store.products[i % store.products.length].id, limit: 4 }, {
                headers: { "x-publishable-api-key": store.publishableKey },
                validateStatus: () => true,
              })
            statuses.push(res.status)
          }
          return statuses
        })
      ).then((s) => s.flat())
    const check = async () => {
      // a keep-alive socket the server closed while the test held the event loop (the memory test) resets once
      const once = () => api.post("/admin/rl/alerts/check", {}, { headers })
      return (await once().catch((e) => (e.code === "ECONNRESET" ? once() : Promise.reject(e)))).data
    }
    const open = async (kind: AlertKind) => (await rl().listAlerts({ kind, status: "firing" })).alerts[0] ?? null
    const history = async (kind: AlertKind) => (await rl().listAlerts({ kind })).alerts
    const until = async (what: string, ok: () => Promise<boolean>, timeoutMs = 30_000) => {
      const started = Date.now()
      while (!(await ok())) {
        if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`)
        await sleep(100)
      }
    }
    const feed = async () =>
      (await getContainer().resolve(Modules.NOTIFICATION).listNotifications({ channel: "feed" }, { take: 500 })) as unknown as Array<{
        template: string
        data: { kind: AlertKind; status: string; title: string; description: string }
      }>

    /** The kind's notifications in the feed: one raise and one resolve, and no more after another check. */
    const expectNotifiedOnce = async (kind: AlertKind) => {
      const mine = async () => (await feed()).filter((n) => n.data?.kind === kind)
      expect((await mine()).map((n) => n.data.status).sort(), kind).toEqual(["raised", "resolved"])
      expect((await mine()).every((n) => n.template === "admin-ui")).toBe(true)
      await check()
      expect(await mine()).toHaveLength(2)
    }

    beforeAll(async () => {
      store = await createStoreFixture(getContainer())
      headers = await adminHeaders(getContainer())
      // the first requests load the catalogue and warm the process: in the windows before any test
      await recommend(40)
    })

    it("raises nothing on a healthy store, and says what it read", async () => {
      await recommend(6)
      const res = await check()
      expect(res.postgres).toBe("ok")
      expect(res.transitions).toEqual([])
      expect(res.readings).toMatchObject({
        latency_p95: { value: expect.any(Number), detail: expect.stringMatching(/^\d+ requests in the current and previous minute$/) },
        error_rate: { value: 0 },
        redis_unreachable: { value: 0 },
        failed_jobs: { value: 0 },
        outbox_age: { value: 0 },
        qtable_growth: { value: 0 },
        postgres_unreachable: { value: 0 },
      })
      expect(res.readings.latency_p95.value).toBeLessThan(150)
      expect(res.readings.memory.value).toBeGreaterThan(0)
      expect(res.readings.memory.value).toBeLessThan(MEMORY_THRESHOLD)
      const list = await api.get("/admin/rl/alerts", { headers })
      expect(list.data).toMatchObject({ alerts: [], count: 0, enabled: true })
      expect(list.data.thresholds).toEqual({
        qtable_growth: 2,
        latency_p95: 150,
        error_rate: 0.05,
        memory: MEMORY_THRESHOLD,
        failed_jobs: 0,
        outbox_age: 1,
        redis_unreachable: 0,
        postgres_unreachable: 0,
      })
    })

    it("raises latency_p95 when the route slows down (decision log locked), once, and resolves it when it is fast again", async () => {
      const pg = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
      // inserts into the decision log wait while the lock is held: the route's last step
      const locked = pg.transaction(async (trx: any) => {
        await trx.raw("LOCK TABLE rl_decision IN EXCLUSIVE MODE")
        await sleep(600)
      })
      await sleep(50)
      const statuses = await recommend(8, 8)
      await locked
      expect(statuses.every((s) => s === 200)).toBe(true)
      const raised = await check()
      expect(raised.readings.latency_p95.value).toBeGreaterThan(150)
      expect(raised.transitions).toEqual([expect.objectContaining({ kind: "latency_p95", action: "raise" })])
      const again = await check()
      expect(again.transitions).toEqual([expect.objectContaining({ kind: "latency_p95", action: "hold" })])
      expect(await history("latency_p95")).toHaveLength(1)

      await recommend(200)
      const resolved = await check()
      expect(resolved.readings.latency_p95.value).toBeLessThanOrEqual(150)
      expect(resolved.transitions).toEqual([expect.objectContaining({ kind: "latency_p95", action: "resolve" })])
      const [alert] = await history("latency_p95")
      expect(alert).toMatchObject({ status: "resolved", threshold: 150, resolved_at: expect.any(Date) })
      expect(alert.value).toBeGreaterThan(150)
      expect(alert.peak).toBeGreaterThanOrEqual(alert.value!)
      await expectNotifiedOnce("latency_p95")
      const raisedNote = (await feed()).find((n) => n.data.kind === "latency_p95" && n.data.status === "raised")!
      expect(raisedNote.data).toMatchObject({
        title: "Recommendations slow",
        description: expect.stringMatching(/^p95 \d+ ms \(threshold p95 150 ms\)\. Check the database/),
      })
    })

    it("raises error_rate when the route answers 5xx (decision log gone), and resolves it when errors fall under 5%", async () => {
      const pg = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
      await pg.raw("ALTER TABLE rl_decision RENAME TO rl_decision_away")
      let statuses: number[]
      try {
        statuses = await recommend(20)
      } finally {
        await pg.raw("ALTER TABLE rl_decision_away RENAME TO rl_decision")
      }
      expect(statuses.filter((s) => s >= 500)).toHaveLength(20)
      const raised = await check()
      expect(raised.readings.error_rate.value).toBeGreaterThan(0.05)
      expect(raised.readings.error_rate.detail).toMatch(/^20 of \d+ responses in 5 minutes$/)
      expect(raised.transitions).toContainEqual(expect.objectContaining({ kind: "error_rate", action: "raise" }))
      expect((await check()).transitions).toContainEqual(expect.objectContaining({ kind: "error_rate", action: "hold" }))

      // 20 of at least 400 is under 5%
      const total = Number(raised.readings.error_rate.detail.match(/of (\d+)/)[1])
      await recommend(Math.max(0, 420 - total))
      const resolved = await check()
      expect(resolved.readings.error_rate.value).toBeLessThanOrEqual(0.05)
      expect(resolved.transitions).toContainEqual(expect.objectContaining({ kind: "error_rate", action: "resolve" }))
      expect(await history("error_rate")).toHaveLength(1)
      await expectNotifiedOnce("error_rate")
    })

    it("raises failed_jobs when a reward job exhausts its retries, and resolves it when the job is retried and done; notified to the feed and to an email channel", async () => {
      const id = "rldec_alerts_missing"
      await rl().enqueueJob("reward", { decision_id: id, kind: "engagement", source_event_id: "alerts|x" }, { jobId: `alerts|${id}` })
      await until("the job to fail", async () => (await rl().getQueueCounts()).failed === 1)
      const raised = await check()
      expect(raised.readings.failed_jobs).toEqual({ value: 1 })
      expect(raised.transitions).toContainEqual(expect.objectContaining({ kind: "failed_jobs", action: "raise", value: 1 }))
      const firing = async () => (await api.get("/admin/rl/metrics/prometheus", { headers })).data as string
      expect(await firing()).toMatch(/^rl_alert_firing\{kind="failed_jobs"\} 1$/m)
      expect(await firing()).toMatch(/^rl_alert_firing\{kind="latency_p95"\} 0$/m)

      await makeDecision(rl(), { id, state_key: "alerts-birth" })
      expect(await rl().retryFailedJobs()).toBe(1)
      await until("the retried reward", async () => (await rl().listRlRewards({ decision_id: id })).length === 1)
      await until("the failed set to empty", async () => (await rl().getQueueCounts()).failed === 0)
      expect((await check()).transitions).toContainEqual(expect.objectContaining({ kind: "failed_jobs", action: "resolve" }))
      expect(await firing()).toMatch(/^rl_alert_firing\{kind="failed_jobs"\} 0$/m)
      expect(await history("failed_jobs")).toHaveLength(1)
      await expectNotifiedOnce("failed_jobs")
      const emails = (await getContainer().resolve(Modules.NOTIFICATION).listNotifications({ channel: "email" })) as any[]
      expect(emails.filter((n) => n.data.kind === "failed_jobs").map((n) => [n.to, n.template, n.data.status]).sort()).toEqual([
        ["ops@example.com", "rl-alert", "raised"],
        ["ops@example.com", "rl-alert", "resolved"],
      ])
    })

    it("raises qtable_growth when new states pile up, and resolves it when a restored table replaces them (not growth)", async () => {
      const agent = await rl().getAgent()
      // the version's first learnt cells (with the prior row, in one transaction) are its start, not growth
      await makeDecision(rl(), { id: "rldec_alerts_g0", state_key: "alerts-g0", model_version: agent.model_version })
      await rl().enqueueJob("reward", { decision_id: "rldec_alerts_g0", kind: "engagement", source_event_id: "alerts|g0" }, { jobId: "alerts|g0" })
      await until("the first cell", async () => (await rl().listRlQValues({ model_version: agent.model_version, state_key: "alerts-g0" })).length === 1)
      for (const s of ["g1", "g2", "g3", "g4"]) {
        const id = `rldec_alerts_${s}`
        await makeDecision(rl(), { id, state_key: `alerts-${s}`, model_version: agent.model_version })
        await rl().enqueueJob("reward", { decision_id: id, kind: "engagement", source_event_id: `alerts|${s}` }, { jobId: `alerts|${id}` })
      }
      await until("the four states' cells", async () => (await rl().listRlQValues({ model_version: agent.model_version, state_key: ["alerts-g1", "alerts-g2", "alerts-g3", "alerts-g4"] })).length === 4)
      const raised = await check()
      expect(raised.readings.qtable_growth).toEqual({ value: 4 })
      expect(raised.transitions).toContainEqual(expect.objectContaining({ kind: "qtable_growth", action: "raise", value: 4, threshold: 2 }))

      const snapshot = await rl().createSnapshot({ reason: "manual", label: "alerts" })
      const restored = await rl().restoreSnapshot(snapshot.id!)
      expect(restored.model_version).toBe(agent.model_version + 1)
      const resolved = await check()
      expect(resolved.readings.qtable_growth).toEqual({ value: 0 })
      expect(resolved.transitions).toContainEqual(expect.objectContaining({ kind: "qtable_growth", action: "resolve" }))
      await expectNotifiedOnce("qtable_growth")
    })

    it("raises redis_unreachable when the queue's Redis connection is cut, outbox_age while jobs wait, and resolves both when Redis is back", async () => {
      await proxy.down()
      try {
        await until("the pipeline to notice", async () => !rl().isQueueAvailable(), 15_000)
        const down = await check()
        expect(down.readings.redis_unreachable).toMatchObject({ value: 1 })
        // the failed set cannot be read without Redis: that alert stays as it is
        expect(down.readings.failed_jobs).toBeUndefined()
        expect(down.transitions).toContainEqual(expect.objectContaining({ kind: "redis_unreachable", action: "raise" }))

        const id = "rldec_alerts_outbox"
        await makeDecision(rl(), { id, state_key: "alerts-outbox" })
        expect(await rl().enqueueJob("reward", { decision_id: id, kind: "engagement", source_event_id: "alerts|outbox" }, { jobId: `alerts|${id}` })).toBe("outbox")
        await sleep(1_300)
        const waiting = await check()
        expect(waiting.readings.outbox_age.value).toBeGreaterThan(1)
        expect(waiting.readings.outbox_age.detail).toBe("1 jobs in the outbox")
        expect(waiting.transitions).toContainEqual(expect.objectContaining({ kind: "outbox_age", action: "raise" }))
        expect(waiting.transitions).toContainEqual(expect.objectContaining({ kind: "redis_unreachable", action: "hold" }))
      } finally {
        await proxy.up()
      }
      await until("the outbox to drain", async () => (await rl().getOutboxBacklog()).pending === 0)
      const back = await check()
      expect(back.readings.redis_unreachable).toMatchObject({ value: 0 })
      expect(back.transitions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: "redis_unreachable", action: "resolve" }),
          expect.objectContaining({ kind: "outbox_age", action: "resolve" }),
        ])
      )
      await expectNotifiedOnce("redis_unreachable")
      await expectNotifiedOnce("outbox_age")
      // what the admin's bell lists: Medusa's own route
      const bell = await api.get("/admin/notifications?limit=50", { headers })
      expect(bell.data.notifications.map((n: any) => n.data.title)).toEqual(
        expect.arrayContaining(["Redis unreachable", "Resolved: Redis unreachable", "Rewards waiting in the outbox"])
      )
    })

    it("raises memory when a process's heap passes the threshold, and resolves it when the memory is freed", async () => {
      setFlagsFromString("--expose-gc")
      const gc = runInNewContext("gc") as () => void
      const { heap_size_limit } = (await import("v8")).getHeapStatistics()
      const need = MEMORY_THRESHOLD * heap_size_limit - process.memoryUsage().heapUsed + 200e6
      let ballast: number[][] = []
      for (let held = 0; held < need; held += 80e6) ballast.push(new Array(10e6).fill(Math.random()))
      const raised = await check()
      expect(raised.readings.memory.value).toBeGreaterThan(MEMORY_THRESHOLD)
      expect(raised.transitions).toContainEqual(expect.objectContaining({ kind: "memory", action: "raise" }))

      ballast = []
      gc()
      const resolved = await check()
      expect(resolved.readings.memory.value).toBeLessThan(MEMORY_THRESHOLD)
      expect(resolved.transitions).toContainEqual(expect.objectContaining({ kind: "memory", action: "resolve" }))
      expect(ballast).toHaveLength(0)
      await expectNotifiedOnce("memory")
    })

    it("logs Postgres unreachable while it lasts (the server stopped), and stores and notifies it, raised and resolved, when it answers again", async () => {
      const admin = new Client({ host: "127.0.0.1", user: "postgres", database: "postgres" })
      await admin.connect()
      // the server stops answering, as a hung one would: every backend of this app's database, and the
      // postmaster, so that no new connection is accepted either
      const [{ db }] = (await getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION).raw("SELECT current_database() AS db")).rows
      const { rows } = await admin.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [db])
      const postmaster = Number(execFileSync("ps", ["-o", "ppid=", "-p", String(rows[0].pid)]).toString().trim())
      const pids: number[] = [postmaster, ...rows.map((r: { pid: number }) => r.pid)]
      expect(pids.length).toBeGreaterThan(1)
      const signal = (s: NodeJS.Signals) => pids.forEach((pid) => process.kill(pid, s))
      signal("SIGSTOP")
      try {
        const down = await rl().checkAlerts()
        expect(down).toMatchObject({ postgres: "down", deliveries: [], readings: { postgres_unreachable: { value: 1, detail: "no answer within 3000 ms" } } })
        expect((await rl().checkAlerts()).postgres).toBe("down")
      } finally {
        signal("SIGCONT")
        await admin.end()
      }
      await until("Postgres to answer the check", async () => (await rl().checkAlerts()).postgres === "ok")
      const [alert] = await history("postgres_unreachable")
      expect(alert).toMatchObject({ status: "resolved", value: 1, detail: "no answer within 3000 ms" })
      expect(alert.resolved_at!.getTime() - alert.raised_at.getTime()).toBeGreaterThanOrEqual(3_000)
      expect(await history("postgres_unreachable")).toHaveLength(1)

      await check() // delivers what the direct checks stored
      await expectNotifiedOnce("postgres_unreachable")
    })
  },
})
