import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { RL_AGENT_MODULE } from "../../src/modules/rl-agent"
import type RlAgentModuleService from "../../src/modules/rl-agent/service"
import { RecommendationsClient } from "../../packages/storefront/src/client"
import type { Recommendation } from "../../packages/storefront/src/types"
import { adminHeaders, createStoreFixture, type StoreFixture } from "../helpers/fixtures"

/**
 * A store that is not the demo, shaped like the official starter's seed:
 * no default region, EUR the default currency, a Europe region holding gb
 * and a US one, and every product at the same price (10 EUR / 15 USD).
 * Guests and the admin tester must still get full lists, priced sensibly.
 */
// USD gets configured bands; EUR keeps the fitted ones
process.env.RL_PLUGIN_OPTIONS = JSON.stringify({ priceBands: { USD: { low: 12, high: 20 } } })

const FLAT = ["Medusa T-Shirt", "Medusa Sweatshirt", "Medusa Sweatpants", "Medusa Shorts", "Medusa Cap", "Medusa Mug", "Medusa Tote"].map(
  (title) => ({ title, price: 10, prices: { usd: 15 } })
)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: StoreFixture
    let admin: Record<string, string>
    const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
      api.post(url, body, { headers: { "x-publishable-api-key": store.publishableKey, ...headers } }).catch((e: any) => e.response)

    beforeAll(async () => {
      store = await createStoreFixture(getContainer(), FLAT, {
        regions: [
          { name: "Europe", currency_code: "eur", countries: ["gb", "de", "dk", "se", "fr", "es", "it"] },
          { name: "United States", currency_code: "usd", countries: ["us"] },
        ],
        defaultRegion: false,
        currencies: ["eur", "usd"],
      })
      admin = await adminHeaders(getContainer())
    })

    it("recommends to a guest in a store without a default region, in the default currency's region, and says which", async () => {
      const strategies = new Set<string>()
      for (let i = 0; i < 24; i++) {
        const res = await post("/store/rl/recommendations", { limit: 4 })
        expect(res.status).toBe(200)
        const rec = res.data.recommendation
        strategies.add(rec.strategy)
        expect(rec.region).toEqual({ id: store.regionIds[0], currency_code: "eur", source: "default_currency" })
        // every product costs 10: the fitted bands say so, and no strategy answers with an empty list
        expect(rec.price_bands).toEqual({ low: 10, high: 10, source: "fitted" })
        expect(rec.products).toHaveLength(4)
        expect(rec.products.every((p: any) => p.price.currency_code === "eur" && p.price.amount === 10)).toBe(true)
      }
      expect(strategies.size).toBeGreaterThan(1)
    })

    it("prices in the region the storefront names, by id or by country; unknown ones are a 400 that says so", async () => {
      const us = await post("/store/rl/recommendations", { country_code: "US" })
      expect(us.status).toBe(200)
      expect(us.data.recommendation.region).toEqual({ id: store.regionIds[1], currency_code: "usd", source: "country" })
      expect(us.data.recommendation.products[0].price).toEqual({ amount: 15, currency_code: "usd" })
      // a store-configured band for USD
      expect(us.data.recommendation.price_bands).toEqual({ low: 12, high: 20, source: "option" })

      const byId = await post("/store/rl/recommendations", { region_id: store.regionIds[1] })
      expect(byId.data.recommendation.region.source).toBe("request")
      const de = await post("/store/rl/recommendations", { country_code: "de" })
      expect(de.data.recommendation.region).toMatchObject({ id: store.regionIds[0], source: "country" })

      const nowhere = await post("/store/rl/recommendations", { country_code: "jp" })
      expect(nowhere.status).toBe(400)
      expect(nowhere.data.message).toMatch(/country_code jp is in none of this store's regions/)
      const unknown = await post("/store/rl/recommendations", { region_id: "reg_nope" })
      expect(unknown.status).toBe(400)
      expect(unknown.data.message).toMatch(/region_id reg_nope/)
      const bad = await post("/store/rl/recommendations", { country_code: "Germany" })
      expect(bad.status).toBe(400)
      expect(bad.data.message).toMatch(/country_code/)
    })

    it("answers the storefront package's client as its types say (the request it sends is the one the route takes)", async () => {
      const client = new RecommendationsClient({ baseUrl: api.defaults.baseURL as string, publishableKey: store.publishableKey })
      const rec: Recommendation = await client.recommend({ limit: 3, country_code: "de", context: { device: "mobile", session_id: "sess-1" } })
      // every key of the contract, no other
      expect(Object.keys(rec).sort()).toEqual(
        ["id", "feedback_token", "placement", "intent", "product_id", "strategy", "explored", "propensity", "model_version", "fallback", "degraded", "region", "price_bands", "products"].sort()
      )
      expect(rec).toMatchObject({ degraded: false, region: { currency_code: "eur", source: "country" } })
      expect(Object.keys(rec.products[0]).sort()).toEqual(["id", "title", "handle", "thumbnail", "variant_id", "price", "score", "reason"].sort())
      const feedback = await client.feedback(rec.id, { type: "view", product_id: rec.products[0].id, cart_id: undefined })
        .catch((e: any) => ({ status: e.status }))
      // a guest with no cart and no token cannot prove the decision is theirs: the client surfaces the route's 404
      expect(feedback).toEqual({ status: 404 })
      // with the recommendation's token it can
      expect(await client.feedback(rec.id, { type: "view", token: rec.feedback_token })).toMatchObject({ counted: true, type: "view" })
      const cart = (await post("/store/carts", { region_id: store.regionIds[0] })).data.cart
      const served = await client.recommend({ cart_id: cart.id })
      expect(await client.feedback(served.id, { type: "view", cart_id: cart.id })).toMatchObject({ counted: true, type: "view" })
    })

    it("never adds euros to dollars: the summary, the log and the charts' rollup keep each decision's currency", async () => {
      const rl = getContainer().resolve<RlAgentModuleService>(RL_AGENT_MODULE)
      const eur = (await post("/store/rl/recommendations", { country_code: "fr" })).data.recommendation
      const usd = (await post("/store/rl/recommendations", { country_code: "us" })).data.recommendation
      await rl.applyRewards([
        { decision_id: eur.id, kind: "revenue", source_event_id: "order|o_eur", revenue: 20, terminal: true },
        { decision_id: usd.id, kind: "revenue", source_event_id: "order|o_usd", revenue: 30, terminal: true },
      ])
      const summary = (await api.get("/admin/rl/metrics/summary", { headers: admin })).data.summary
      expect(summary.revenue_by_currency).toEqual(
        expect.arrayContaining([
          { currency_code: "eur", revenue: 20 },
          { currency_code: "usd", revenue: 30 },
        ])
      )
      const log = (await api.get(`/admin/rl/decisions?limit=100`, { headers: admin })).data.decisions
      expect(log.find((d: any) => d.id === eur.id)).toMatchObject({ currency_code: "eur", revenue: 20 })
      expect(log.find((d: any) => d.id === usd.id)).toMatchObject({ currency_code: "usd", revenue: 30 })

      // the hourly rollup the charts read keeps them apart too, and a chart asks for one currency
      await rl.rollupMetrics()
      const byCurrency = (await api.get("/admin/rl/metrics?group_by=currency", { headers: admin })).data.metrics
      const revenue = (rows: any[], key: string) => rows.filter((m) => m.key === key).reduce((s, m) => s + m.revenue, 0)
      expect(revenue(byCurrency, "eur")).toBe(20)
      expect(revenue(byCurrency, "usd")).toBe(30)
      const eurOnly = await api.get("/admin/rl/metrics?group_by=strategy&currency_code=EUR", { headers: admin })
      expect(eurOnly.data.currency_code).toBe("eur")
      expect(eurOnly.data.metrics.reduce((s: number, m: any) => s + m.revenue, 0)).toBe(20)
      // a second rollup replaces the hour, never adds to it
      await rl.rollupMetrics()
      const again = (await api.get("/admin/rl/metrics?group_by=currency", { headers: admin })).data.metrics
      expect(revenue(again, "eur")).toBe(20)
      const bad = await api.get("/admin/rl/metrics?currency_code=euro", { headers: admin }).catch((e: any) => e.response)
      expect(bad.status).toBe(400)
      expect(bad.data.message).toMatch(/currency_code must be an ISO 4217 code/)
    })

    it("offers no rollback to an empty snapshot, and takes no scheduled one before anything is learnt", async () => {
      const rl = getContainer().resolve<RlAgentModuleService>(RL_AGENT_MODULE)
      const agent = await rl.getAgent()
      const fresh = await rl.getTableStats(agent.model_version)
      const scheduled = await rl.createSnapshot({ reason: "scheduled" })
      expect(scheduled.id === null).toBe(fresh.entries === 0)
      // a manual snapshot of a table with nothing in it is kept, but cannot be rolled back to
      await getContainer().resolve("__pg_connection__").raw("UPDATE rl_q_value SET deleted_at = now() WHERE model_version = ?", [agent.model_version])
      const empty = (await api.post("/admin/rl/snapshots", { label: "empty" }, { headers: admin })).data.snapshot
      expect(empty.entries).toBe(0)
      const refused = await api.post(`/admin/rl/snapshots/${empty.id}/restore`, { confirm: true }, { headers: admin }).catch((e: any) => e.response)
      expect(refused.status).toBe(400)
      expect(refused.data.message).toMatch(/holds no Q values/)
      expect((await rl.createSnapshot({ reason: "scheduled" })).id).toBeNull()
    })

    it("runs the admin tester in such a store, and refuses an unknown sales channel", async () => {
      const res = await api.post("/admin/rl/tester", { items: [{ product_id: store.products[0].id, quantity: 1 }] }, { headers: admin })
      expect(res.status).toBe(200)
      expect(res.data.preview.region).toMatchObject({ currency_code: "eur", source: "default_currency" })
      expect(res.data.preview.products.length).toBeGreaterThan(0)
      const unknown = await api
        .post("/admin/rl/tester", { sales_channel_id: "sc_nope" }, { headers: admin })
        .catch((e: any) => e.response)
      expect(unknown.status).toBe(404)
      expect(unknown.data.message).toMatch(/Sales channel with id: sc_nope was not found/)
    })
  },
})
