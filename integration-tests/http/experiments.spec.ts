import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { STRATEGIES } from "../../src/learning/strategies"
import { assignArm, type ArmSpec } from "../../src/learning/experiments"
import { RL_AGENT_MODULE } from "../../src/modules/rl-agent"
import type RlAgentModuleService from "../../src/modules/rl-agent/service"
import { deleteQueueKeys, uniquePrefix } from "../../harness/redis"
import { makeDecision } from "../helpers/decisions"
import { adminHeaders, checkout, createStoreFixture, type StoreFixture } from "../helpers/fixtures"

/**
 * Live A/B holdouts through the store route: a merchant's experiment splits
 * shoppers stickily and deterministically, logs each decision's arm and the
 * arm's propensity, and reports each arm's outcomes by the dashboard's rules.
 */
const REDIS_URL = process.env.RL_REDIS_URL ?? "redis://127.0.0.1:6379/1"
const prefix = uniquePrefix("experiments")
process.env.RL_PLUGIN_OPTIONS = JSON.stringify({ redisUrl: REDIS_URL, queuePrefix: prefix, jobBackoffMs: 100 })

const ARMS: ArmSpec[] = [
  { key: "agent", kind: "agent", weight: 0.8 },
  { key: "popular", kind: "strategy", strategy: "popular", weight: 0.2 },
]
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

afterAll(async () => {
  await deleteQueueKeys(REDIS_URL, prefix)
})

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: StoreFixture
    let headers: Record<string, string>
    const rl = () => getContainer().resolve<RlAgentModuleService>(RL_AGENT_MODULE)
    const pk = () => ({ "x-publishable-api-key": store.publishableKey })
    const recommend = async (body: Record<string, unknown>) => {
      const res = await api.post("/store/rl/recommendations", body, { headers: pk() })
      expect(res.status).toBe(200)
      return res.data.recommendation
    }
    const start = async (body: Record<string, unknown> = {}) =>
      (await api.post("/admin/rl/experiments", { name: "Agent vs popular", arms: ARMS, ...body }, { headers })).data.experiment
    const fail = (p: Promise<unknown>) => p.then(() => { throw new Error("expected a 4xx") }, (e: any) => e.response)
    /** A session id whose shoppers the experiment puts in `arm`. */
    const sessionIn = (experimentId: string, arm: string, from = 0) => {
      for (let i = from; ; i++) if (assignArm(experimentId, `sess-${i}`, ARMS).key === arm) return `sess-${i}`
    }

    beforeAll(async () => {
      store = await createStoreFixture(getContainer())
      headers = await adminHeaders(getContainer())
      await rl().startQueue()
    })

    it("refuses an experiment it cannot run, saying what to fix, and only admins may start one", async () => {
      const bad = async (body: Record<string, unknown>) => (await fail(api.post("/admin/rl/experiments", { name: "x", arms: ARMS, ...body }, { headers }))).data.message
      expect(await bad({ arms: [ARMS[0], { ...ARMS[1], weight: 0.3 }] })).toMatch(/weights must sum to 1, got 1.1/)
      expect(await bad({ control_arm: "nope" })).toMatch(/control_arm "nope" is not one of the arms \(agent, popular\)/)
      expect(await bad({ metric: "revenue" })).toMatch(/currency_code is required when the metric is revenue/)
      expect(await bad({ arms: [ARMS[0], { key: "x", kind: "strategy", strategy: "cheapest", weight: 0.2 }] })).toMatch(/strategy/)
      expect(await bad({ arms: [ARMS[0]] })).toBeDefined()
      expect((await fail(api.post("/admin/rl/experiments", { name: "x", arms: ARMS }))).status).toBe(401)
      expect((await api.get("/admin/rl/experiments", { headers })).data.count).toBe(0)
    })

    it("runs one experiment at a time, and stopping it keeps its results and serves everyone by the agent again", async () => {
      const e = await start()
      expect(e).toMatchObject({ status: "running", control_arm: "agent", metric: "conversion", arms: ARMS })
      const again = await fail(api.post("/admin/rl/experiments", { name: "Second", arms: ARMS }, { headers }))
      expect(again.status).toBe(400)
      expect(again.data.message).toMatch(new RegExp(`Experiment "Agent vs popular" \\(${e.id}\\) is running`))

      const session = sessionIn(e.id, "popular")
      const served = await recommend({ context: { session_id: session } })
      expect(served.strategy).toBe("popular")
      const stopped = (await api.post(`/admin/rl/experiments/${e.id}/stop`, { winner_arm: "agent" }, { headers })).data.experiment
      expect(stopped).toMatchObject({ status: "stopped", winner_arm: "agent", stopped_at: expect.any(String) })
      const after = await recommend({ context: { session_id: session } })
      const [decision] = await rl().listRlDecisions({ id: after.id })
      expect(decision).toMatchObject({ experiment_id: null, arm: null })
      const results = (await api.get(`/admin/rl/experiments/${e.id}`, { headers })).data
      expect(results.arms.find((a: any) => a.arm === "popular").decisions).toBe(1)
      expect((await fail(api.post(`/admin/rl/experiments/${e.id}/stop`, {}, { headers }))).data.message).toMatch(/is not running/)
      expect((await fail(api.post(`/admin/rl/experiments/${e.id.replace(/.$/, "0")}x/stop`, {}, { headers }))).status).toBe(404)
    })

    it("assigns each shopper stickily and deterministically, logs the arm and its propensity, and splits within tolerance", async () => {
      const e = await start()
      // sticky: one session's five requests all land in its arm
      const one = sessionIn(e.id, "popular")
      for (let i = 0; i < 5; i++) expect((await recommend({ context: { session_id: one } })).strategy).toBe("popular")

      const n = 200
      for (let i = 0; i < n; i++) await recommend({ context: { session_id: `split-${i}` } })
      const decisions = await rl().listRlDecisions({ experiment_id: e.id }, { take: 1000 })
      expect(decisions).toHaveLength(n + 5)
      for (const d of decisions) {
        // deterministic: the arm is the pure assignment of the session, in every process
        expect(d.arm).toBe(assignArm(e.id, d.session_id!, ARMS).key)
        if (d.arm === "popular") expect(d).toMatchObject({ strategy: "popular", propensity: 1, explored: false })
        else expect(d.propensity).toBeGreaterThan(0)
      }
      const popular = decisions.filter((d) => d.arm === "popular" && d.session_id!.startsWith("split-")).length
      // 4.5 standard deviations of Binomial(200, 0.2)
      expect(Math.abs(popular / n - 0.2)).toBeLessThan(4.5 * Math.sqrt(0.16 / n))
      // a shopper with no session, cart or account has no unit: served by the agent, in no arm
      const anonymous = await recommend({})
      expect((await rl().listRlDecisions({ id: anonymous.id }))[0]).toMatchObject({ experiment_id: null, arm: null })
    })

    it("counts each arm's outcomes of a scripted set of carts and orders as the dashboard does", async () => {
      const e = await start({ metric: "revenue", currency_code: "GBP" })
      expect(e).toMatchObject({ metric: "revenue", currency_code: "gbp" })
      const a1 = sessionIn(e.id, "agent")
      const a2 = sessionIn(e.id, "agent", Number(a1.slice(5)) + 1)
      const b1 = sessionIn(e.id, "popular")
      const b2 = sessionIn(e.id, "popular", Number(b1.slice(5)) + 1)
      const cartWith = async () =>
        (await api.post("/store/carts", { region_id: store.regionId, sales_channel_id: store.salesChannelId, items: [{ variant_id: store.products[0].variant_id, quantity: 1 }] }, { headers: pk() })).data.cart

      // agent arm: a cart whose recommendation is clicked, and a home page view
      const cartA = await cartWith()
      const recA = await recommend({ cart_id: cartA.id, context: { session_id: a1 } })
      expect((await api.post(`/store/rl/recommendations/${recA.id}/feedback`, { type: "click", product_id: recA.products[0].id, cart_id: cartA.id }, { headers: pk() })).data.feedback.counted).toBe(true)
      await recommend({ context: { session_id: a2 } })
      // popular arm: a cart that adds a recommended product twice and checks out, and a home page view
      const cartB = await cartWith()
      const recB = await recommend({ cart_id: cartB.id, context: { session_id: b1 } })
      expect(recB.strategy).toBe("popular")
      const bought = recB.products[0]
      await api.post(`/store/carts/${cartB.id}/line-items`, { variant_id: bought.variant_id, quantity: 2 }, { headers: pk() })
      await checkout(api, store, cartB.id, {})
      await recommend({ context: { session_id: b2 } })

      const results = async () => (await api.get(`/admin/rl/experiments/${e.id}`, { headers })).data
      const started = Date.now()
      while ((await results()).arms.find((a: any) => a.arm === "popular").conversions < 1 || (await results()).arms.reduce((s: number, a: any) => s + a.engagements, 0) < 2) {
        if (Date.now() - started > 30_000) throw new Error(`rewards did not arrive: ${JSON.stringify(await results())}`)
        await sleep(200)
      }
      await rl().drainQueue()
      const { experiment, arms } = await results()
      expect(experiment.id).toBe(e.id)
      const byArm = Object.fromEntries(arms.map((a: any) => [a.arm, a]))
      const revenue = bought.price.amount * 2 // the recommended product, twice
      expect(byArm.agent).toMatchObject({ decisions: 2, engagements: 1, conversions: 0, revenue: 0, mean: 0, comparison: null })
      expect(byArm.popular).toMatchObject({ decisions: 2, engagements: 1, conversions: 1 })
      expect(byArm.popular.revenue).toBeCloseTo(revenue, 6)
      // revenue per decision, and the difference with the control: not enough data for a verdict
      expect(byArm.popular.mean).toBeCloseTo(revenue / 2, 6)
      expect(byArm.popular.samples.revenue).toMatchObject({ n: 2 })
      expect(byArm.popular.samples.revenue.sumSquares).toBeCloseTo(revenue * revenue, 4)
      expect(byArm.popular.comparison.difference).toBeCloseTo(revenue / 2, 6)
      expect(byArm.popular.comparison).toMatchObject({ verdict: "not_enough_data" })
      expect(byArm.popular.comparison.summary).toMatch(/198 more decisions in the smaller arm/)

      // the dashboard's numbers for the same decisions agree
      const summary = (await api.get("/admin/rl/metrics/summary", { headers })).data.summary
      expect(summary.decisions).toBe(4)
      expect(summary.engagements).toBe(byArm.agent.engagements + byArm.popular.engagements)
      expect(summary.conversions).toBe(byArm.agent.conversions + byArm.popular.conversions)
      expect(summary.revenue).toBeCloseTo(byArm.agent.revenue + byArm.popular.revenue, 6)
    })

    it("makes a winning strategy arm the default for every shopper, and the agent decides again when the merchant says so", async () => {
      const withRandom = await start({ arms: [{ key: "agent", kind: "agent", weight: 0.5 }, { key: "random", kind: "random", weight: 0.5 }] })
      const noRandom = await fail(api.post(`/admin/rl/experiments/${withRandom.id}/stop`, { winner_arm: "random", make_default: true }, { headers }))
      expect(noRandom.data.message).toMatch(/A random arm cannot be made the default/)
      expect((await fail(api.post(`/admin/rl/experiments/${withRandom.id}/stop`, { make_default: true }, { headers }))).data.message).toMatch(/make_default needs the winner_arm/)
      await api.post(`/admin/rl/experiments/${withRandom.id}/stop`, {}, { headers })

      const e = await start()
      await api.post(`/admin/rl/experiments/${e.id}/stop`, { winner_arm: "popular", make_default: true }, { headers })
      const agent = (await api.get("/admin/rl/agent", { headers })).data.agent
      expect(agent.serving_strategy).toBe("popular")
      // every shopper, in no experiment: popular with propensity 1
      for (let i = 0; i < 10; i++) {
        const rec = await recommend({ context: { session_id: `after-${i}`, device: ["desktop", "mobile"][i % 2] } })
        expect(rec).toMatchObject({ strategy: "popular", explored: false, propensity: 1 })
      }
      await api.patch("/admin/rl/agent", { serving_strategy: null }, { headers })
      expect((await api.get("/admin/rl/agent", { headers })).data.agent.serving_strategy).toBeNull()
      await recommend({ context: { session_id: "again" } })
      // the agent's ε-greedy choice again: a propensity below 1
      const [last] = await rl().listRlDecisions({}, { order: { created_at: "DESC" }, take: 1 })
      expect(last.propensity).toBeLessThan(1)
      expect((await fail(api.patch("/admin/rl/agent", { serving_strategy: "cheapest" }, { headers }))).status).toBe(400)
    })

    it("never explores outside the merchant's guard rail, and logs each decision's exact propensity under it", async () => {
      const patch = async (body: Record<string, unknown>) => (await api.patch("/admin/rl/agent", body, { headers })).data.agent
      expect((await fail(api.patch("/admin/rl/agent", { explore_strategies: [] }, { headers }))).data.message).toMatch(/explore_strategies.*at least/)
      // every decision explores (ε = 1), only into these two
      const agent = await patch({ epsilon: 1, explore_strategies: ["popular", "category_match", "popular"] })
      expect(agent.explore_strategies).toEqual(["category_match", "popular"])
      for (let i = 0; i < 40; i++) {
        const rec = await recommend({ context: { session_id: `rail-${i}` } })
        expect(["popular", "category_match"]).toContain(rec.strategy)
        expect(rec).toMatchObject({ explored: true, propensity: 0.5 })
      }
      expect((await patch({ epsilon: 0.1, explore_strategies: null })).explore_strategies).toHaveLength(6)
    })

    it("promotes a snapshot to serving only when its off-policy lower bound beats the current policy's value", async () => {
      const agent = await rl().getAgent()
      const pg = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
      // the live log: 600 settled decisions in one state, logged uniformly (propensity 1/6); only popular earned
      const ids: string[] = []
      for (let i = 0; i < 600; i++) {
        const strategy = STRATEGIES[i % 6]
        const d = await makeDecision(rl(), { state_key: "promo-s", strategy, propensity: 1 / 6, model_version: agent.model_version })
        ids.push(d.id)
        if (strategy === "popular") await rl().createRlRewards({ decision_id: d.id, kind: "engagement", value: 1, source_event_id: `promo|${i}` } as any)
      }
      // their reward windows have closed: two days old
      await pg.raw(`UPDATE rl_decision SET created_at = now() - interval '2 days' WHERE state_key = 'promo-s'`)

      // two candidates: a table whose greedy choice in that state is popular, and one whose is low_price
      const setQ = async (best: string) => {
        await pg.raw(`DELETE FROM rl_q_value WHERE model_version = ? AND state_key = 'promo-s'`, [agent.model_version])
        await rl().createRlQValues(STRATEGIES.map((strategy) => ({ model_version: agent.model_version, state_key: "promo-s", strategy, value: strategy === best ? 1 : 0, visits: 1 })) as any)
        return (await rl().createSnapshot({ reason: "manual", label: `best ${best}` })).id!
      }
      const good = await setQ("popular")
      const bad = await setQ("low_price")

      const judge = async (id: string) => (await api.get(`/admin/rl/snapshots/${id}/promotion`, { headers })).data.promotion
      const refused = await judge(bad)
      expect(refused).toMatchObject({ allowed: false, decisions: 600, model_version: agent.model_version, epsilon: agent.epsilon })
      expect(refused.current).toBeCloseTo(1 / 6, 12)
      expect(refused.candidate.lo).toBeLessThan(refused.current)
      expect(refused.reason).toMatch(/^The candidate does not beat the current policy/)
      const no = await fail(api.post(`/admin/rl/snapshots/${bad}/promote`, {}, { headers }))
      expect(no.status).toBe(400)
      expect(no.data.message).toMatch(/^Not promoted: The candidate does not beat the current policy.*lower bound of its doubly-robust estimate/)
      expect((await rl().getAgent()).model_version).toBe(agent.model_version)

      const accepted = await judge(good)
      // ε-greedy on the candidate: popular with 1 − ε + ε/6, which earns 1
      expect(accepted.candidate.value).toBeCloseTo(1 - agent.epsilon + agent.epsilon / 6, 6)
      expect(accepted.candidate.lo).toBeGreaterThan(accepted.current)
      expect(accepted.allowed).toBe(true)
      const yes = (await api.post(`/admin/rl/snapshots/${good}/promote`, {}, { headers })).data
      expect(yes.restored).toMatchObject({ model_version: agent.model_version + 1, pre_restore_snapshot_id: expect.stringMatching(/^rlsnap_/) })
      const served = await rl().getQValues(agent.model_version + 1, "promo-s")
      expect(served.popular).toBe(1)
      // rolling back is one restore of the snapshot the promotion took first
      const back = (await api.post(`/admin/rl/snapshots/${yes.restored.pre_restore_snapshot_id}/restore`, { confirm: true }, { headers })).data.restored
      expect(back.model_version).toBe(agent.model_version + 2)
      expect((await rl().getQValues(agent.model_version + 2, "promo-s")).low_price).toBe(1)
      expect((await fail(api.get(`/admin/rl/snapshots/rlsnap_missing/promotion`, { headers }))).status).toBe(404)
    })
  },
})
