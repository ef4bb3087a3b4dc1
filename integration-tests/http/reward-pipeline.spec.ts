import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { cancelOrderWorkflow } from "@medusajs/medusa/core-flows"
import { RL_AGENT_MODULE } from "../../src/modules/rl-agent"
import type RlAgentModuleService from "../../src/modules/rl-agent/service"
import { qUpdate } from "../../src/learning/update"
import { revenueReward, rewardUpdatesQ } from "../../src/learning/reward"
import { adminHeaders, checkout, createStoreFixture, customerToken, type StoreFixture } from "../helpers/fixtures"
import { deleteQueueKeys, uniquePrefix } from "../../harness/redis"

const REDIS_URL = process.env.RL_REDIS_URL ?? "redis://127.0.0.1:6379/1"
const prefix = uniquePrefix("pipeline")
const WINDOWS = {
  // wide enough that a checkout (several requests, slower on a loaded machine) fits inside it
  attributionWindowSeconds: 6,
  conversionWindowSeconds: 120,
  abandonmentWindowSeconds: 5,
  // the sweep that enqueues closed windows' checks: often, so an abandonment lands soon after its window
  abandonmentSweepIntervalMs: 500,
  retentionWindowSeconds: 14,
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

// set before the runner loads medusa-config.ts (its `env` option is applied only after that)
process.env.RL_PLUGIN_OPTIONS = JSON.stringify({ redisUrl: REDIS_URL, queuePrefix: prefix, jobBackoffMs: 100, ...WINDOWS })

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: StoreFixture
    const rl = () => getContainer().resolve<RlAgentModuleService>(RL_AGENT_MODULE)
    const pk = () => ({ "x-publishable-api-key": store.publishableKey })
    const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
      api.post(url, body, { headers: { ...pk(), ...headers } })
    const rewardsOf = async (decisionId: string) =>
      (await rl().listRlRewards({ decision_id: decisionId }, { order: { created_at: "ASC" } })).map((r) => ({
        kind: r.kind,
        source: r.source_event_id,
        value: r.value,
        amount: r.amount,
        q_after: r.q_after,
      }))
    const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 30_000) => {
      const started = Date.now()
      while (!(await check())) {
        if (Date.now() - started > timeoutMs) {
          const failed = await rl().listFailedJobs(0, 3)
          throw new Error(`timed out waiting for ${what}; failed jobs: ${JSON.stringify(failed.jobs, null, 1)}`)
        }
        await sleep(100)
      }
    }

    type RewardRow = Awaited<ReturnType<typeof rewardsOf>>[number]
    /**
     * Waits until `check` holds on the decision's rewards and every reward that
     * moves Q has its `q_after` audit value (written just after the reward row
     * commits), then returns those rewards: a snapshot taken earlier could hold
     * `q_after: null` and differ from a later read though nothing changed.
     */
    const settledRewards = async (decisionId: string, what: string, check: (rows: RewardRow[]) => boolean, timeoutMs?: number) => {
      let rows: RewardRow[] = []
      await until(
        what,
        async () => {
          rows = await rewardsOf(decisionId)
          return check(rows) && rows.every((r) => !rewardUpdatesQ(r.kind as any) || r.q_after !== null)
        },
        timeoutMs
      )
      return rows
    }
    const has = (kind: string) => (rows: RewardRow[]) => rows.some((r) => r.kind === kind)

    beforeAll(async () => {
      store = await createStoreFixture(getContainer())
    })
    afterAll(async () => {
      await deleteQueueKeys(REDIS_URL, prefix)
    })

    /** A cart with one product, a recommendation for it, and the first recommended product added. */
    async function cartWithRecommendedItem(headers: Record<string, string> = {}) {
      const first = store.products.find((p) => p.title === "Lantern")!
      const { data } = await post(
        "/store/carts",
        {
          region_id: store.regionId,
          sales_channel_id: store.salesChannelId,
          items: [{ variant_id: first.variant_id, quantity: 1 }],
        },
        headers
      )
      const cart = data.cart
      const rec = (await post("/store/rl/recommendations", { cart_id: cart.id }, headers)).data.recommendation
      const product = rec.products[0]
      await post(`/store/carts/${cart.id}/line-items`, { variant_id: product.variant_id, quantity: 2 }, headers)
      return { cart, rec, product }
    }

    it("learns from a real checkout: engagement, conversion and revenue move Q by the update rule; a cancellation claws back", async () => {
      await rl().startQueue()
      const { cart, rec, product } = await cartWithRecommendedItem()
      await settledRewards(rec.id, "engagement", has("engagement"))

      const order = await checkout(api, store, cart.id, {})
      const rewards = await settledRewards(rec.id, "conversion", has("revenue"))
      const agent = await rl().getAgent()
      const revenue = product.price.amount * 2
      // rewards of one batch share a timestamp: compare as a set, look each up by kind
      expect(rewards.map((r) => `${r.kind} ${r.source}`).sort()).toEqual(
        [
          "engagement engagement",
          `conversion order|${order.id}`,
          `revenue order|${order.id}`,
          "episode_end episode",
        ].sort()
      )
      const byKind = (kind: string) => rewards.find((r) => r.kind === kind)!
      expect(byKind("revenue").amount).toBeCloseTo(revenue, 6)
      expect(byKind("revenue").value).toBeCloseTo(revenueReward(revenue), 12)

      // one decision in a fresh state: max Q(s') = max(Q, 0) for the engagement step, terminal after
      const { alpha, gamma } = agent
      const q1 = qUpdate(0, 0.5, 0, alpha, gamma, false)
      // the order's conversion and revenue are one transition: one update with r = 1.0 + the revenue term
      const q3 = qUpdate(q1, 1.0 + revenueReward(revenue), 0, alpha, gamma, true)
      expect(byKind("engagement").q_after).toBeCloseTo(q1, 12)
      expect(byKind("conversion").q_after).toBeCloseTo(q3, 12)
      expect(byKind("revenue").q_after).toBeCloseTo(q3, 12)
      const [decision] = await rl().listRlDecisions({ id: rec.id })
      const q = await rl().getQValues(agent.model_version, decision.state_key)
      expect(q[decision.strategy]).toBeCloseTo(q3, 12)
      expect(agent.episode_count).toBe(1)

      // the order joined the purchase history the strategies read (a step after the rewards: wait for it)
      await until("purchase history", async () => (await rl().getPopularity("all")).has(product.id))
      expect(Math.floor((await rl().getPopularity("all")).get(product.id)!)).toBe(2)

      // the abandonment check was cancelled by the order: nothing more arrives
      await sleep(WINDOWS.abandonmentWindowSeconds * 1000 + 500)
      expect((await rewardsOf(rec.id)).some((r) => r.kind === "abandonment")).toBe(false)

      await cancelOrderWorkflow(getContainer()).run({ input: { order_id: order.id } })
      const clawback = (await settledRewards(rec.id, "claw-back", has("clawback"))).find((r) => r.kind === "clawback")!
      expect(clawback.value).toBeCloseTo(-(1.0 + revenueReward(revenue)), 12)
      expect(clawback.amount).toBeCloseTo(-revenue, 6)
      expect(clawback.q_after).toBeCloseTo(qUpdate(q3, clawback.value, 0, alpha, gamma, true), 12)
      // the cancelled order leaves the sales counts (recorded after the claw-back: wait for it)
      await until("cancelled sales removed", async () => !(await rl().getPopularity()).has(product.id))
    })

    it("counts a repeated event once, whether it is one job or two", async () => {
      await rl().startQueue()
      const { cart, rec, product } = await cartWithRecommendedItem()
      const order = await checkout(api, store, cart.id, {})
      // the snapshot compared below must be complete: every reward with its q_after
      const before = await settledRewards(rec.id, "conversion", has("revenue"))

      const event = { name: "order.placed", data: { id: order.id }, metadata: { eventGroupId: "replayed" } }
      await rl().enqueueEvent(event)
      await rl().enqueueEvent(event) // same emission: same job id, one job
      await rl().enqueueEvent({ ...event, metadata: { eventGroupId: "another-delivery" } }) // a second job
      await rl().enqueueEvent({ name: "cart.updated", data: { id: cart.id }, metadata: { eventGroupId: "again" } })
      await rl().drainQueue()
      expect(await rewardsOf(rec.id)).toEqual(before)
      expect(before.filter((r) => r.kind === "engagement")).toHaveLength(1)
      // the storefront reporting the same add to cart does not count it again either
      const feedback = await post(`/store/rl/recommendations/${rec.id}/feedback`, {
        type: "add_to_cart",
        product_id: product.id,
        cart_id: cart.id,
      })
      const after = await rewardsOf(rec.id)
      expect(feedback.data.feedback.counted, JSON.stringify({ product: product.id, before, after })).toBe(false)
    })

    it("credits one order once: many recommendations on one cart, one recommended item bought — one engagement, one conversion", async () => {
      await rl().startQueue()
      const first = store.products.find((p) => p.title === "Lantern")!
      const cart = (
        await post("/store/carts", {
          region_id: store.regionId,
          sales_channel_id: store.salesChannelId,
          items: [{ variant_id: first.variant_id, quantity: 1 }],
        })
      ).data.cart
      // the widget asks on every cart change and page view: ten decisions, most listing the same products
      const served: any[] = []
      for (let i = 0; i < 10; i++) served.push((await post("/store/rl/recommendations", { cart_id: cart.id, limit: 10 })).data.recommendation)
      const listedBy = new Map<string, number>()
      for (const r of served) for (const p of r.products) listedBy.set(p.id, (listedBy.get(p.id) ?? 0) + 1)
      const [productId] = [...listedBy].sort((a, b) => b[1] - a[1])[0]
      expect(listedBy.get(productId)!).toBeGreaterThan(1)
      const product = served.flatMap((r) => r.products).find((p: any) => p.id === productId)
      await post(`/store/carts/${cart.id}/line-items`, { variant_id: product.variant_id, quantity: 1 })
      // the last decision that listed it before it entered the cart
      const credited = [...served].reverse().find((r) => r.products.some((p: any) => p.id === productId))!
      await settledRewards(credited.id, "engagement", has("engagement"))
      const order = await checkout(api, store, cart.id, {})
      await settledRewards(credited.id, "conversion", has("revenue"))

      const all = (await Promise.all(served.map(async (r) => (await rewardsOf(r.id)).map((x) => ({ ...x, decision: r.id }))))).flat()
      const of = (kind: string) => all.filter((r) => r.kind === kind)
      expect(of("engagement").map((r) => r.decision)).toEqual([credited.id])
      expect(of("conversion").map((r) => `${r.decision} ${r.source}`)).toEqual([`${credited.id} order|${order.id}`])
      expect(of("revenue").map((r) => r.decision)).toEqual([credited.id])
      expect(of("revenue")[0].amount).toBeCloseTo(product.price.amount, 6)
    })

    it("penalises an abandoned decision from its delayed check, exactly by the update rule", async () => {
      await rl().startQueue()
      const { data } = await post("/store/carts", {
        region_id: store.regionId,
        sales_channel_id: store.salesChannelId,
        items: [{ variant_id: store.products[0].variant_id, quantity: 1 }],
      })
      const rec = (await post("/store/rl/recommendations", { cart_id: data.cart.id })).data.recommendation
      expect((await rl().getQueueCounts()).delayed).toBeGreaterThanOrEqual(1)
      const rewards = await settledRewards(rec.id, "abandonment", has("abandonment"), 20_000)
      expect(rewards.map((r) => r.kind).sort()).toEqual(["abandonment", "episode_end"])
      const agent = await rl().getAgent()
      expect(rewards.find((r) => r.kind === "abandonment")!.q_after).toBeCloseTo(qUpdate(0, -0.1, 0, agent.alpha, agent.gamma, true), 12)
    })

    it("rewards retention when the customer starts a new cart within the window, once", async () => {
      await rl().startQueue()
      const customer = await customerToken(getContainer(), "returning@test.dev")
      const auth = { authorization: customer.authorization }
      const { cart, rec } = await cartWithRecommendedItem(auth)
      expect(cart.customer_id).toBe(customer.customerId)
      await checkout(api, store, cart.id, auth)
      // a cart opened right after checkout (within the attribution window of the decision) is not a return
      // visit: opened at once, not after waiting for the conversion, which may take seconds under load
      await post("/store/carts", { region_id: store.regionId, sales_channel_id: store.salesChannelId }, auth)
      await until("conversion", async () => (await rewardsOf(rec.id)).some((r) => r.kind === "conversion"))
      await sleep(WINDOWS.attributionWindowSeconds * 1000 + 500)
      await rl().drainQueue() // the new cart's event was processed: its verdict is in
      expect((await rewardsOf(rec.id)).some((r) => r.kind === "retention")).toBe(false)

      await post("/store/carts", { region_id: store.regionId, sales_channel_id: store.salesChannelId }, auth)
      await until("retention", async () => (await rewardsOf(rec.id)).some((r) => r.kind === "retention"))
      // the delayed check at the end of the window finds the same return: still one reward
      await sleep(WINDOWS.retentionWindowSeconds * 1000)
      await rl().drainQueue()
      expect((await rewardsOf(rec.id)).filter((r) => r.kind === "retention")).toHaveLength(1)
    })

    it("erases a customer's personal data when Medusa deletes the customer, keeping the learning", async () => {
      await rl().startQueue()
      const customer = await customerToken(getContainer(), "forget-me@test.dev")
      const auth = { authorization: customer.authorization }
      const { cart, rec } = await cartWithRecommendedItem(auth)
      await checkout(api, store, cart.id, auth, "forget-me@test.dev")
      await until("conversion", async () => (await rewardsOf(rec.id)).some((r) => r.kind === "conversion"))
      const hash = rl().hashCustomerId(customer.customerId)
      expect(await rl().listRlDecisions({ customer_hash: hash })).not.toHaveLength(0)
      await until("purchase history", async () => (await rl().getCustomerHistory(customer.customerId)) !== null)
      expect(await rl().listRlPurchases({ customer_id: customer.customerId })).not.toHaveLength(0)

      const admin = await adminHeaders(getContainer())
      expect((await api.delete(`/admin/customers/${customer.customerId}`, { headers: admin })).status).toBe(200)
      // customer.deleted → the erase job: no hash, cart, session or purchase history left, no profile
      // the erase job unlinks decisions, then purchases, then drops the profile: wait for all three
      await until(
        "erasure",
        async () =>
          (await rl().listRlDecisions({ customer_hash: hash })).length === 0 &&
          (await rl().listRlPurchases({ customer_id: customer.customerId })).length === 0 &&
          (await rl().getCustomerHistory(customer.customerId)) === null
      )
      const [after] = await rl().listRlDecisions({ id: rec.id })
      expect(after).toMatchObject({ customer_hash: null, cart_id: null, session_id: null })
      expect((after.features as any).customerId).toBeNull()
      // what the agent learnt from them stays: the rewards, unlinked
      expect((await rewardsOf(rec.id)).some((r) => r.kind === "conversion")).toBe(true)
    })

    it("reports queue counts and failed jobs on the health route", async () => {
      const headers = await adminHeaders(getContainer())
      const res = await api.get("/admin/rl/health", { headers })
      expect(res.data.queue).toMatchObject({ mode: "bullmq", worker: true, failed: 0, last_error: null })
    })
  },
})
