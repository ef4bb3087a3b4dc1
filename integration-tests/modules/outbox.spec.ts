import path from "path"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { RL_AGENT_MODULE } from "../../src/modules/rl-agent"
import type RlAgentModuleService from "../../src/modules/rl-agent/service"
import { makeDecision } from "../helpers/decisions"
import { deleteQueueKeys, uniquePrefix } from "../../harness/redis"
import { TcpProxy } from "../helpers/tcp-proxy"

/**
 * A Redis outage as the module sees it: its connection goes through a proxy
 * the test cuts. Jobs enqueued meanwhile wait in the Postgres outbox, and
 * when Redis is back they reach the queue and are applied exactly once.
 */
const REDIS_URL = process.env.RL_REDIS_URL ?? "redis://127.0.0.1:6379/1"
const target = new URL(REDIS_URL)
const proxy = new TcpProxy(16_000 + (process.pid % 1000), { host: target.hostname, port: Number(target.port || 6379) })
const prefix = uniquePrefix("outbox")

const until = async (check: () => Promise<boolean> | boolean, timeoutMs = 20_000) => {
  const started = Date.now()
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error("condition not met in time")
    await new Promise((r) => setTimeout(r, 50))
  }
}

beforeAll(async () => {
  await proxy.up()
})

moduleIntegrationTestRunner<RlAgentModuleService>({
  moduleName: RL_AGENT_MODULE,
  resolve: path.join(__dirname, "../../src/modules/rl-agent"),
  pathToMigrations: path.join(__dirname, "../../src/modules/rl-agent/migrations"),
  moduleOptions: {
    redisUrl: `redis://127.0.0.1:${proxy.port}${target.pathname}`,
    queuePrefix: prefix,
    jobBackoffMs: 100,
    // the test relays by hand and asserts how many jobs each relay moved: the background relay
    // (every 5 s by default) could move them first, so it must not fire during the test
    outboxRelayIntervalMs: 3_600_000,
    learningRate: 0.1,
    customerHashSecret: "outbox-test",
  },
  testSuite: ({ service }) => {
    afterAll(async () => {
      await proxy.up()
      await deleteQueueKeys(REDIS_URL, prefix)
    })

    it("keeps jobs in the outbox while Redis is away and applies each once when it is back", async () => {
      const decisions = await Promise.all(Array.from({ length: 20 }, (_, i) => makeDecision(service, { state_key: "ob", cart_id: `cart_ob${i}` })))
      const job = (d: { id: string }) => ({ decision_id: d.id, kind: "engagement", source_event_id: "click:prod_a" })

      // Redis up: straight to the queue
      expect(await service.enqueueJob("reward", job(decisions[0]), { jobId: `ob|${decisions[0].id}` })).toBe("queue")
      await service.drainQueue()
      expect(service.isQueueAvailable()).toBe(true)

      await proxy.down()
      await until(() => !service.isQueueAvailable())
      const started = Date.now()
      for (const d of decisions.slice(1)) {
        expect(await service.enqueueJob("reward", job(d), { jobId: `ob|${d.id}` })).toBe("outbox")
      }
      // a job enqueued twice during the outage is kept once
      expect(await service.enqueueJob("reward", job(decisions[1]), { jobId: `ob|${decisions[1].id}` })).toBe("outbox")
      const outageMs = Date.now() - started
      expect(await service.countOutbox()).toBe(19)
      expect(await service.relayOutbox()).toBe(0) // still away: nothing moves, nothing is lost
      expect(await service.countOutbox()).toBe(19)
      const applied = async () => (await service.listRlRewards({ decision_id: decisions.map((d) => d.id) })).length
      expect(await applied()).toBe(1)

      await proxy.up()
      await until(() => service.isQueueAvailable())
      expect(await service.relayOutbox()).toBe(19)
      await service.drainQueue()
      expect(await service.countOutbox()).toBe(0)
      expect(await applied()).toBe(20)
      const [q] = await service.listRlQValues({ state_key: "ob", strategy: "popular" })
      expect(q.visits).toBe(20)
      // the outage did not make callers wait for Redis
      expect(outageMs / 20).toBeLessThan(200)
    }, 60_000)

    it("keeps a delayed job's due time across the outage", async () => {
      const d = await makeDecision(service, { state_key: "ob2", cart_id: "cart_ob_late" })
      await proxy.down()
      await until(() => !service.isQueueAvailable())
      expect(await service.enqueueJob("abandonment-check", { decision_id: d.id }, { jobId: `abandon|${d.id}`, delayMs: 60_000 })).toBe("outbox")
      const [row] = await service.listRlOutboxes({ job_id: `abandon|${d.id}` })
      expect(new Date(row.run_at!).getTime()).toBeGreaterThan(Date.now() + 55_000)
      await proxy.up()
      await until(() => service.isQueueAvailable())
      expect(await service.relayOutbox()).toBe(1)
      expect((await service.getQueueCounts()).delayed).toBeGreaterThanOrEqual(1)
      await service.removeJob(`abandon|${d.id}`)
    }, 60_000)
  },
})
