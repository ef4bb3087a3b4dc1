import path from "path"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { RL_AGENT_MODULE } from "../../src/modules/rl-agent"
import type RlAgentModuleService from "../../src/modules/rl-agent/service"
import { decayEpsilon } from "../../src/learning/policy"
import { makeDecision } from "../helpers/decisions"
import { exited, forkRewardWorker } from "../../harness/fork-worker"
import { deleteQueueKeys, uniquePrefix } from "../../harness/redis"

const REDIS_URL = process.env.RL_REDIS_URL ?? "redis://127.0.0.1:6379/1"
const prefix = uniquePrefix("queue")
const options = {
  redisUrl: REDIS_URL,
  queuePrefix: prefix,
  jobAttempts: 3,
  jobBackoffMs: 100,
  stalledIntervalMs: 500,
  workerConcurrency: 8,
  // small batches keep the worker slow enough for the SIGKILL to land mid-batch
  rewardWorkerConcurrency: 4,
  learningRate: 0.1,
  discountFactor: 0.9,
  customerHashSecret: "queue-test",
}

const until = async (check: () => Promise<boolean>, timeoutMs = 20_000) => {
  const started = Date.now()
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error("condition not met in time")
    await new Promise((r) => setTimeout(r, 50))
  }
}

moduleIntegrationTestRunner<RlAgentModuleService>({
  moduleName: RL_AGENT_MODULE,
  resolve: path.join(__dirname, "../../src/modules/rl-agent"),
  pathToMigrations: path.join(__dirname, "../../src/modules/rl-agent/migrations"),
  moduleOptions: options,
  testSuite: ({ service, MikroOrmWrapper, dbConfig }) => {
    afterAll(async () => {
      await deleteQueueKeys(REDIS_URL, prefix)
    })

    describe("reward jobs on BullMQ", () => {
      it("runs a reward job once even when it is enqueued twice", async () => {
        const decision = await makeDecision(service, { state_key: "q1" })
        const job = { decision_id: decision.id, kind: "engagement", source_event_id: "add_to_cart:prod_a" }
        await service.enqueueJob("reward", job, { jobId: `t1|${decision.id}` })
        await service.enqueueJob("reward", job, { jobId: `t1|${decision.id}` })
        // a different job id with the same reward identity: processed, but a no-op
        await service.enqueueJob("reward", job, { jobId: `t1b|${decision.id}` })
        await service.drainQueue()
        expect(await service.listRlRewards({ decision_id: decision.id })).toHaveLength(1)
        const [q] = await service.listRlQValues({ state_key: "q1" })
        expect(q.visits).toBe(1)
        expect(q.value).toBeCloseTo(0.1 * 0.5, 12)
      })

      it("retries a job that fails (decision not committed yet) and applies it once", async () => {
        const agent = await service.getAgent()
        const id = "rldec_arrives_late"
        await service.enqueueJob(
          "reward",
          { decision_id: id, kind: "conversion", source_event_id: "order|late", terminal: true },
          { jobId: `t2|${id}` }
        )
        // the first attempt fails with "not found"; the decision commits before the retry
        await new Promise((r) => setTimeout(r, 30))
        await makeDecision(service, { id, state_key: "q2", model_version: agent.model_version })
        await until(async () => (await service.listRlRewards({ decision_id: id })).length === 1)
        await service.drainQueue()
        const [q] = await service.listRlQValues({ state_key: "q2" })
        expect(q.visits).toBe(1)
        expect((await service.getQueueCounts()).failed).toBe(0)
      })

      it("keeps a job that exhausts its retries in the failed set, and retries it on request", async () => {
        const id = "rldec_never"
        await service.enqueueJob(
          "reward",
          { decision_id: id, kind: "engagement", source_event_id: "x" },
          { jobId: `t3|${id}` }
        )
        await until(async () => (await service.getQueueCounts()).failed === 1)
        const failed = await service.listFailedJobs()
        expect(failed.count).toBe(1)
        expect(failed.jobs[0]).toMatchObject({ id: `t3|${id}`, name: "reward", attempts_made: 3 })
        expect(failed.jobs[0].failed_reason).toMatch(/not found/)

        await makeDecision(service, { id, state_key: "q3" })
        expect(await service.retryFailedJobs()).toBe(1)
        await until(async () => (await service.listRlRewards({ decision_id: id })).length === 1)
        await service.drainQueue()
        expect((await service.getQueueCounts()).failed).toBe(0)
      })

      it("loses and doubles no reward when the worker process is SIGKILLed mid-batch", async () => {
        // this process only enqueues from now on: the worker is a child process
        await service.closeQueue()
        const n = 6000
        const decisions = await Promise.all(
          Array.from({ length: 30 }, (_, i) => makeDecision(service, { state_key: `kill${i % 5}`, cart_id: null }))
        )
        const expectedVisits = new Map<string, number>()
        for (let i = 0; i < n; i += 500) {
          await Promise.all(
            Array.from({ length: 500 }, (_, j) => {
              const d = decisions[(i + j) % decisions.length]
              expectedVisits.set(d.state_key, (expectedVisits.get(d.state_key) ?? 0) + 1)
              return service.enqueueJob(
                "reward",
                { decision_id: d.id, kind: "conversion", source_event_id: `order|kill${i + j}`, terminal: true },
                { jobId: `t4|${i + j}` }
              )
            })
          )
        }
        const countRewards = async () =>
          Number(
            (
              await MikroOrmWrapper.getManager().execute(
                `SELECT count(*)::int AS n FROM rl_reward WHERE source_event_id LIKE 'order|kill%'`
              )
            )[0].n
          )
        const start = () =>
          forkRewardWorker({ clientUrl: dbConfig.clientUrl, schema: dbConfig.schema, options })
        const first = await start()
        await until(async () => (await countRewards()) >= n / 10, 60_000)
        first.kill("SIGKILL")
        await exited(first)
        const atKill = await countRewards()
        // killed mid-batch: some applied, some not
        expect(atKill).toBeGreaterThan(0)
        expect(atKill).toBeLessThan(n)

        const second = await start()
        try {
          await until(async () => (await countRewards()) === n, 90_000)
          await service.drainQueue(60_000)
        } finally {
          second.kill("SIGTERM")
          await exited(second)
        }
        expect(await countRewards()).toBe(n)
        const rows = await MikroOrmWrapper.getManager().execute(
          `SELECT state_key, visits FROM rl_q_value WHERE state_key LIKE 'kill%'`
        )
        // every reward moved Q exactly once: visits per state equal the rewards sent to it
        expect(Object.fromEntries(rows.map((r: any) => [r.state_key, r.visits]))).toEqual(
          Object.fromEntries(expectedVisits)
        )
        await service.startQueue()
      }, 240_000)
    })

    describe("scheduled maintenance", () => {
      it("decays ε to its floor, and not while paused", async () => {
        const agent = await service.getAgent()
        await service.updateRlAgents({ id: agent.id, epsilon: 0.1, epsilon_min: 0.05, epsilon_decay: 0.5 })
        expect(await service.decayEpsilon()).toBeCloseTo(decayEpsilon(0.1, { floor: 0.05, decay: 0.5 }), 12)
        expect(await service.decayEpsilon()).toBeCloseTo(0.05, 12)
        await service.updateRlAgents({ id: agent.id, learning_enabled: false })
        expect(await service.decayEpsilon()).toBeNull()
        await service.updateRlAgents({ id: agent.id, learning_enabled: true })
      })

      it("prunes the Q-table to its cap, least recently visited states first", async () => {
        const agent = await service.getAgent()
        const m = MikroOrmWrapper.getManager()
        for (let i = 0; i < 10; i++) {
          for (const strategy of ["popular", "low_price"]) {
            await m.execute(
              `INSERT INTO rl_q_value (id, model_version, state_key, strategy, value, visits, last_visited_at, created_at, updated_at)
               VALUES (?, ?, ?, ?, 0.1, 1, now() - (? * interval '1 minute'), now(), now())`,
              [`rlq_prune_${i}_${strategy}`, agent.model_version, `prune${i}`, strategy, 10 - i]
            )
          }
        }
        const before = await service.getTableStats(agent.model_version)
        const keep = before.states - 4
        expect(await service.pruneQTable(keep)).toBe(8)
        const after = await service.getTableStats(agent.model_version)
        expect(after.states).toBe(keep)
        const left = await m.execute(`SELECT DISTINCT state_key FROM rl_q_value WHERE state_key LIKE 'prune%' ORDER BY 1`)
        // prune0..prune3 were the least recently visited
        expect(left.map((r: any) => r.state_key)).toEqual(["prune4", "prune5", "prune6", "prune7", "prune8", "prune9"])
      })

      it("snapshots the agent and Q-table", async () => {
        const agent = await service.getAgent()
        const stats = await service.getTableStats(agent.model_version)
        const snap = await service.createSnapshot({ reason: "scheduled", label: "test" })
        expect(snap).toMatchObject({ states: stats.states, entries: stats.entries, pruned: 0 })
        const values = await service.listRlSnapshotValues({ snapshot_id: snap.id }, { take: 100_000 })
        expect(values).toHaveLength(stats.entries)
      })

      it("rolls up decisions and rewards by hour, strategy and segment, idempotently", async () => {
        const d = await makeDecision(service, { strategy: "high_price", features: { country: "gb" }, cart_id: "cart_roll" })
        await service.applyReward({ decision_id: d.id, kind: "engagement", source_event_id: "add_to_cart:x" })
        await service.applyReward({ decision_id: d.id, kind: "conversion", source_event_id: "order|o", terminal: true })
        await service.applyReward({ decision_id: d.id, kind: "revenue", source_event_id: "order|o", revenue: 80, terminal: true })
        await service.rollupMetrics()
        await service.rollupMetrics()
        const rows = await service.listRlMetricHourlies({ strategy: "high_price", country: "gb" })
        expect(rows).toHaveLength(1)
        expect(rows[0]).toMatchObject({ decisions: 1, engagements: 1, conversions: 1, revenue: 80, segment: "guest" })
      })

      it("deletes decisions only once no reward can still arrive for them", async () => {
        expect(service.decisionRetentionDays()).toBe(9) // 7 configured < 1 + 7 + 1 days of reward windows
        const old = await makeDecision(service, { cart_id: "cart_old" })
        await MikroOrmWrapper.getManager().execute(
          `UPDATE rl_decision SET created_at = now() - interval '10 days' WHERE id = ?`,
          [old.id]
        )
        const fresh = await makeDecision(service, { cart_id: "cart_fresh" })
        await service.applyReward({ decision_id: old.id, kind: "engagement", source_event_id: "e" })
        expect(await service.deleteExpiredDecisions()).toBe(1)
        expect(await service.listRlDecisions({ id: [old.id, fresh.id] })).toHaveLength(1)
        expect(await service.listRlRewards({ decision_id: old.id })).toHaveLength(0)
      })

      it("erases a deleted customer's personal data and keeps the aggregates", async () => {
        const hash = service.hashCustomerId("cus_gone")
        const d = await makeDecision(service, {
          customer_hash: hash,
          cart_id: "cart_gone",
          session_id: "sess",
          features: { customerId: hash, sessionId: "sess", country: "fr" },
        })
        await service.applyReward({ decision_id: d.id, kind: "engagement", source_event_id: "e" })
        await service.recordPurchases([
          { source_id: "inv", customer_id: "cus_gone", product_id: "p", quantity: 1, unit_price: 3, currency_code: "gbp", purchased_at: new Date() },
        ])
        expect(await service.eraseCustomer("cus_gone")).toEqual({ decisions: 1, purchases: 1 })
        const [after] = await service.listRlDecisions({ id: d.id })
        expect(after).toMatchObject({ customer_hash: null, cart_id: null, session_id: null, strategy: "popular" })
        expect(after.features).toEqual({ customerId: null, sessionId: null, country: "fr" })
        expect(await service.listRlRewards({ decision_id: d.id })).toHaveLength(1)
        expect(await service.listRlPurchases({ customer_id: "cus_gone" })).toHaveLength(0)
      })
    })
  },
})
