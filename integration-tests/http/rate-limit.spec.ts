import Redis from "ioredis"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createStoreFixture, customerToken, type StoreFixture } from "../helpers/fixtures"
import { deleteQueueKeys, uniquePrefix } from "../../harness/redis"

const REDIS_URL = process.env.RL_REDIS_URL ?? "redis://127.0.0.1:6379/1"
const prefix = uniquePrefix("ratelimit")

// an hour-long window: the counts cannot reset under the test (the root config turns limiting off for other files)
process.env.RL_PLUGIN_OPTIONS = JSON.stringify({
  redisUrl: REDIS_URL,
  queuePrefix: prefix,
  rateLimit: { recommendations: 5, feedback: 3, windowSeconds: 3600, keyBy: "customer_or_ip" },
})

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: StoreFixture
    const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
      api.post(url, body, { headers: { "x-publishable-api-key": store.publishableKey, ...headers } }).catch((e: any) => e.response)

    beforeAll(async () => {
      store = await createStoreFixture(getContainer())
    })
    afterAll(async () => {
      await deleteQueueKeys(REDIS_URL, prefix)
    })

    it("answers 429 with Retry-After past the limit, counting malformed requests too, per client and route", async () => {
      const first = await post("/store/rl/recommendations", {})
      expect(first.status).toBe(200)
      expect(first.headers["ratelimit-limit"]).toBe("5")
      expect(first.headers["ratelimit-remaining"]).toBe("4")
      // a malformed body is counted before it is validated: a flood of junk is limited like the rest
      for (let i = 0; i < 4; i++) expect((await post("/store/rl/recommendations", { limit: "lots" })).status).toBe(400)
      const limited = await post("/store/rl/recommendations", {})
      expect(limited.status).toBe(429)
      const retryAfter = Number(limited.headers["retry-after"])
      expect(retryAfter).toBeGreaterThan(0)
      expect(retryAfter).toBeLessThanOrEqual(3600)
      expect(limited.data).toMatchObject({ type: "too_many_requests" })
      expect(limited.data.message).toMatch(/at most 5 per 3600 s for each client address\. Retry after \d+ s/)

      // X-Forwarded-For from a client with no trusted proxy in front is ignored: no fresh bucket, no key of its choosing
      const spoofed = await post("/store/rl/recommendations", {}, { "x-forwarded-for": "not-an-ip-24591" })
      expect(spoofed.status).toBe(429)
      expect((await post("/store/rl/recommendations", {}, { "x-forwarded-for": "203.0.113.9" })).status).toBe(429)
      const redis = new Redis(REDIS_URL)
      const keys = await redis.keys(`${prefix}:rate:*`)
      await redis.quit()
      expect(keys.some((k) => k.includes("not-an-ip") || k.includes("203.0.113.9"))).toBe(false)

      // feedback has a budget of its own
      const fb = await post(`/store/rl/recommendations/${first.data.recommendation.id}/feedback`, { type: "view" })
      expect(fb.status).not.toBe(429)

      // a signed-in customer is counted on their own, not on the shared address
      const customer = await customerToken(getContainer(), "limited@test.dev")
      const mine = await post("/store/rl/recommendations", {}, { authorization: customer.authorization })
      expect(mine.status).toBe(200)
      expect(mine.headers["ratelimit-remaining"]).toBe("4")
    })

    it("limits feedback separately", async () => {
      const customer = await customerToken(getContainer(), "feedback-limited@test.dev")
      const auth = { authorization: customer.authorization }
      const rec = (await post("/store/rl/recommendations", {}, auth)).data.recommendation
      const statuses: number[] = []
      for (let i = 0; i < 5; i++) {
        statuses.push((await post(`/store/rl/recommendations/${rec.id}/feedback`, { type: "view", product_id: rec.products[0].id }, auth)).status)
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429])
    })
  },
})
