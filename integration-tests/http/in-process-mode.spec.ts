import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { RL_AGENT_MODULE } from "../../src/modules/rl-agent"
import type RlAgentModuleService from "../../src/modules/rl-agent/service"
import { adminHeaders, checkout, createStoreFixture, type StoreFixture } from "../helpers/fixtures"

/**
 * The plugin without Redis (as `npm run demo` runs when none answers): no
 * redisUrl anywhere, so the reward jobs run in-process with the same handlers,
 * and a checkout still rewards the recommendation it came from.
 */
delete process.env.RL_REDIS_URL
delete process.env.REDIS_URL
// set before the runner loads medusa-config.ts
process.env.RL_PLUGIN_OPTIONS = JSON.stringify({ jobBackoffMs: 100, attributionWindowSeconds: 60 })

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: StoreFixture
    const rl = () => getContainer().resolve<RlAgentModuleService>(RL_AGENT_MODULE)

    beforeAll(async () => {
      store = await createStoreFixture(getContainer())
    })

    it("runs reward jobs in-process and learns from a checkout; health says so", async () => {
      expect(rl().getOptions().redisUrl).toBeNull()
      await rl().startQueue()
      const headers = { headers: { "x-publishable-api-key": store.publishableKey } }
      const lantern = store.products.find((p) => p.title === "Lantern")!
      const { data } = await api.post(
        "/store/carts",
        { region_id: store.regionId, sales_channel_id: store.salesChannelId, items: [{ variant_id: lantern.variant_id, quantity: 1 }] },
        headers
      )
      const cart = data.cart
      const rec = (await api.post("/store/rl/recommendations", { cart_id: cart.id }, headers)).data.recommendation
      const product = rec.products[0]
      await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: product.variant_id, quantity: 1 }, headers)
      const order = await checkout(api, store, cart.id, {})

      const started = Date.now()
      let kinds: string[] = []
      while (!(kinds.includes("conversion") && kinds.includes("engagement")) && Date.now() - started < 30_000) {
        await new Promise((r) => setTimeout(r, 200))
        kinds = (await rl().listRlRewards({ decision_id: rec.id })).map((r) => r.kind)
      }
      expect(kinds).toEqual(expect.arrayContaining(["engagement", "conversion", "revenue"]))
      const [decision] = await rl().listRlDecisions({ id: rec.id })
      const q = await rl().getQValues(decision.model_version, decision.state_key)
      expect(q[decision.strategy as keyof typeof q]).toBeGreaterThan(0)
      expect(order.id).toMatch(/^order_/)

      const health = await api.get("/admin/rl/health", { headers: await adminHeaders(getContainer()) })
      expect(health.data).toMatchObject({ redis: { status: "not_configured" }, queue: { mode: "in-process", worker: true, failed: 0 } })
    })
  },
})
