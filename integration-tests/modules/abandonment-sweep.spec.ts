import path from "path"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { RL_AGENT_MODULE } from "../../src/modules/rl-agent"
import type RlAgentModuleService from "../../src/modules/rl-agent/service"
import { makeDecision } from "../helpers/decisions"

/**
 * The abandonment sweep against real Postgres: each decision with a cart is
 * handed to the queue once, after its window and not before, in log order;
 * a failed enqueue loses nothing, and two passes at once share no decision.
 */
const WINDOW_S = 2
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

moduleIntegrationTestRunner<RlAgentModuleService>({
  moduleName: RL_AGENT_MODULE,
  resolve: path.join(__dirname, "../../src/modules/rl-agent"),
  pathToMigrations: path.join(__dirname, "../../src/modules/rl-agent/migrations"),
  moduleOptions: {
    abandonmentWindowSeconds: WINDOW_S,
    // the test runs every pass itself
    abandonmentSweepIntervalMs: 3_600_000,
    customerHashSecret: "sweep-test",
  },
  testSuite: ({ service }) => {
    it("hands each closed window's decision to the queue once, in order, and loses none to a failure", async () => {
      const handed: string[] = []
      const collect = async (ids: string[]) => void handed.push(...ids)

      // the first pass starts the cursor at the end of the current window
      expect(await service.sweepAbandonments(collect)).toEqual({ enqueued: 0, more: false })
      // served before the sweep existed: it had a delayed check of its own
      const legacy = await makeDecision(service, { cart_id: "cart_old", created_at: new Date(Date.now() - 60_000) })
      const a = await makeDecision(service, { cart_id: "cart_a" })
      const b = await makeDecision(service, { cart_id: "cart_b" })
      const c = await makeDecision(service, { cart_id: "cart_c" })
      await makeDecision(service, { cart_id: null }) // a guest: no cart, no episode to abandon
      expect(await service.sweepAbandonments(collect)).toEqual({ enqueued: 0, more: false }) // not yet due

      await sleep(WINDOW_S * 1000 + 300)
      const d = await makeDecision(service, { cart_id: "cart_d" }) // served after the others' windows closed
      expect(await service.sweepAbandonments(collect, { batch: 2, maxBatches: 1 })).toEqual({ enqueued: 2, more: true })
      expect(handed).toEqual([a.id, b.id])

      // the queue refuses: the pass fails and its cursor stays
      await expect(service.sweepAbandonments(async () => Promise.reject(new Error("redis went away")))).rejects.toThrow(/went away/)
      expect(await service.sweepAbandonments(collect)).toEqual({ enqueued: 1, more: false })
      expect(handed).toEqual([a.id, b.id, c.id])
      expect(await service.sweepAbandonments(collect)).toEqual({ enqueued: 0, more: false })

      // two passes at once: one holds the cursor, the other skips it or finds nothing left
      await sleep(WINDOW_S * 1000 + 300)
      const passes = await Promise.all([service.sweepAbandonments(collect), service.sweepAbandonments(collect)])
      expect(passes.reduce((n, p) => n + (p?.enqueued ?? 0), 0)).toBe(1)
      expect(handed).toEqual([a.id, b.id, c.id, d.id])
      expect(handed).not.toContain(legacy.id)
    })
  },
})
