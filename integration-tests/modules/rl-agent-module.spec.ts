import { revenueReward } from "../../src/learning/reward"
import { priorAwareUpdate } from "../../src/learning/update"
import { STORE_RELEVANCE_OPTIONS, fitRp3beta } from "../../src/learning/item-models"
import path from "path"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { RL_AGENT_MODULE } from "../../src/modules/rl-agent"
import type RlAgentModuleService from "../../src/modules/rl-agent/service"
import { emptyContext } from "../../src/learning/state"
import { makeDecision } from "../helpers/decisions"


const ALPHA = 0.1
const GAMMA = 0.9

async function q(service: RlAgentModuleService, state: string, strategy: string) {
  const agent = await service.getAgent()
  const values = await service.getQValues(agent.model_version, state)
  return values[strategy as keyof typeof values] ?? 0
}

moduleIntegrationTestRunner<RlAgentModuleService>({
  moduleName: RL_AGENT_MODULE,
  resolve: path.join(__dirname, "../../src/modules/rl-agent"),
  pathToMigrations: path.join(__dirname, "../../src/modules/rl-agent/migrations"),
  moduleOptions: {
    epsilon: 0.2,
    learningRate: ALPHA,
    discountFactor: GAMMA,
    customerHashSecret: "module-test",
  },
  testSuite: ({ service, MikroOrmWrapper }) => {
    describe("agent", () => {
      it("is created once from the plugin options", async () => {
        const [a, b] = await Promise.all([service.getAgent(), service.getAgent()])
        expect(a.id).toBe(b.id)
        expect(a.id).toMatch(/^rlag_/)
        expect(a).toMatchObject({ epsilon: 0.2, alpha: ALPHA, gamma: GAMMA, model_version: 1, learning_enabled: true })
        expect(await service.listRlAgents()).toHaveLength(1)
      })

      it("stores learned values in double precision (the migration, not the DML default)", async () => {
        const rows = await MikroOrmWrapper.getManager().execute(
          `SELECT table_name, column_name, data_type FROM information_schema.columns
            WHERE table_name IN ('rl_q_value', 'rl_reward') AND column_name IN ('value', 'q_after')`
        )
        expect(rows.map((r: any) => r.data_type)).toEqual(["double precision", "double precision", "double precision"])
      })
    })

    describe("decide", () => {
      it("reads the six Q values of the state and returns a propensity", async () => {
        const d = await service.decide(emptyContext({ cartTotal: 30 }), { seed: 3 })
        expect(d.stateKey).toContain("ct2")
        expect(Object.keys(d.choice.q)).toHaveLength(6)
        expect(d.choice.propensity).toBeCloseTo(1 / 6, 12)
      })
    })

    describe("logDecision", () => {
      it("writes decisions served together in fewer statements, each row whole, in the order served", async () => {
        const agent = await service.getAgent()
        const row = (i: number) => ({
          customer_hash: i % 2 ? service.hashCustomerId("cus_" + i) : null,
          cart_id: i < 30 ? "cart_same" : `cart_${i}`,
          session_id: i % 3 ? null : `sess_${i}`,
          region_id: "reg_1",
          currency_code: "eur",
          features: { cart_total: i, note: "it's \"quoted\"" },
          state_key: `s${i}`,
          placement: (i % 3 ? "cart" : "product") as "cart" | "product",
          intent: "complementary" as const,
          anchor_product_id: i % 3 ? null : `prod_${i + 100}`,
          strategy: "popular" as const,
          explored: i % 2 === 0,
          propensity: 0.925,
          epsilon: 0.1,
          q_values: { popular: i / 7 },
          products: [{ id: `prod_${i}`, amount: 9.5 }],
          product_ids: i % 5 ? [`prod_${i}`, `prod_x`] : [],
          fallback: i % 4 ? null : "popular",
          model_version: agent.model_version,
        })
        const before = service.decisionWriteStats()
        const ids = await Promise.all(Array.from({ length: 60 }, (_, i) => service.logDecision(row(i))))
        const stats = service.decisionWriteStats()
        expect(stats.items - before.items).toBe(60)
        expect(stats.writes - before.writes).toBeLessThan(60)
        expect(new Set(ids.map((d) => d.id)).size).toBe(60)

        const rows = await MikroOrmWrapper.getManager().execute(
          `SELECT * FROM rl_decision WHERE id IN (${ids.map(() => "?").join(",")})`,
          ids.map((d) => d.id)
        )
        const byId = new Map(rows.map((r: any) => [r.id, r]))
        ids.forEach(({ id }, i) => {
          const stored: any = byId.get(id)
          const want = row(i)
          expect(stored).toMatchObject({
            placement: want.placement,
            intent: "complementary",
            anchor_product_id: want.anchor_product_id,
            customer_hash: want.customer_hash,
            cart_id: want.cart_id,
            session_id: want.session_id,
            currency_code: "eur",
            features: want.features,
            state_key: want.state_key,
            explored: want.explored,
            propensity: 0.925,
            q_values: want.q_values,
            products: want.products,
            product_ids: want.product_ids,
            fallback: want.fallback,
            model_version: agent.model_version,
          })
        })
        // one cart's decisions read back in the order they were served (the reward's next-decision lookup)
        const sameCart = await service.listCartDecisions("cart_same")
        expect(sameCart.map((d) => d.id)).toEqual(ids.slice(0, 30).map((d) => d.id))
      })
    })

    describe("applyReward", () => {
      it("moves Q by exactly the update rule, once per (decision, kind, source)", async () => {
        const decision = await makeDecision(service)
        const first = await service.applyReward({
          decision_id: decision.id,
          kind: "engagement",
          source_event_id: "feedback:click:prod_a",
        })
        // empty table, s' = s: 0 + α(0.5 + γ·0 − 0)
        expect(first.applied).toBe(true)
        expect(first.q_after).toBeCloseTo(ALPHA * 0.5, 12)
        expect(await q(service, "s1", "popular")).toBeCloseTo(0.05, 12)

        const again = await service.applyReward({
          decision_id: decision.id,
          kind: "engagement",
          source_event_id: "feedback:click:prod_a",
        })
        expect(again.applied).toBe(false)
        expect(await q(service, "s1", "popular")).toBeCloseTo(0.05, 12)
        expect(await service.listRlRewards({ decision_id: decision.id })).toHaveLength(1)

        // a different source counts: s' = s, max Q(s') = 0.05
        const second = await service.applyReward({
          decision_id: decision.id,
          kind: "engagement",
          source_event_id: "feedback:add_to_cart:prod_a",
        })
        expect(second.q_after).toBeCloseTo(0.05 + ALPHA * (0.5 + GAMMA * 0.05 - 0.05), 12)
      })

      it("bootstraps from the next decision on the same cart, and uses r alone when terminal", async () => {
        const first = await makeDecision(service, { cart_id: "cart_2", state_key: "a", strategy: "low_price" })
        await new Promise((r) => setTimeout(r, 5))
        const next = await makeDecision(service, { cart_id: "cart_2", state_key: "b", strategy: "high_price" })
        // seed Q(b, high_price) = α·1.0 via a terminal conversion
        const t = await service.applyReward({ decision_id: next.id, kind: "conversion", source_event_id: "order_1", terminal: true })
        expect(t.q_after).toBeCloseTo(ALPHA * 1.0, 12)
        expect(t.next_state_key).toBeNull()

        const r = await service.applyReward({ decision_id: first.id, kind: "engagement", source_event_id: "ev_1" })
        expect(r.next_state_key).toBe("b")
        expect(r.q_after).toBeCloseTo(ALPHA * (0.5 + GAMMA * ALPHA), 12)
      })

      it("applies the rewards one event earns together (conversion and revenue) as one update with their sum", async () => {
        const decision = await makeDecision(service, { cart_id: null, state_key: "order", strategy: "popular" })
        const [conversion, revenue] = await service.applyRewards([
          { decision_id: decision.id, kind: "conversion", source_event_id: "order|o1", terminal: true },
          { decision_id: decision.id, kind: "revenue", source_event_id: "order|o1", revenue: 100, terminal: true },
        ])
        const r = 1.0 + revenueReward(100)
        expect(conversion.q_after).toBeCloseTo(ALPHA * r, 12)
        expect(revenue.q_after).toBeCloseTo(ALPHA * r, 12)
        expect(await q(service, "order", "popular")).toBeCloseTo(ALPHA * r, 12)
        const [row] = await service.listRlQValues({ state_key: "order" })
        expect(row.visits).toBe(1)
        // the same event again changes nothing; another event is a second transition
        await service.applyRewards([
          { decision_id: decision.id, kind: "conversion", source_event_id: "order|o1", terminal: true },
          { decision_id: decision.id, kind: "conversion", source_event_id: "order|o2", terminal: true },
        ])
        expect(await q(service, "order", "popular")).toBeCloseTo(ALPHA * r + ALPHA * (1 - ALPHA * r), 12)
      })

      it("loses no update when many writers hit the same row at once", async () => {
        const decision = await makeDecision(service, { cart_id: null, state_key: "hot", strategy: "category_match" })
        const n = 40
        await Promise.all(
          Array.from({ length: n }, (_, i) =>
            service.applyReward({ decision_id: decision.id, kind: "conversion", source_event_id: `order_${i}`, terminal: true })
          )
        )
        // terminal updates commute: Q_n = r(1 − (1−α)^n) whatever the order
        expect(await q(service, "hot", "category_match")).toBeCloseTo(1 - Math.pow(1 - ALPHA, n), 10)
        const [row] = await service.listRlQValues({ state_key: "hot" })
        expect(row.visits).toBe(n)
      })

      it("records but does not learn while learning is paused, and never moves Q on views", async () => {
        const agent = await service.getAgent()
        const decision = await makeDecision(service, { state_key: "paused", strategy: "popular" })
        const view = await service.applyReward({ decision_id: decision.id, kind: "view", source_event_id: "v" })
        expect(view).toMatchObject({ applied: true, q_after: null })
        await service.updateRlAgents({ id: agent.id, learning_enabled: false })
        const r = await service.applyReward({ decision_id: decision.id, kind: "rejection", source_event_id: "d" })
        expect(r).toMatchObject({ applied: true, q_after: null })
        expect(await q(service, "paused", "popular")).toBe(0)
        await service.updateRlAgents({ id: agent.id, learning_enabled: true })
      })

      it("moves the strategy's prior with every reward; a new cell starts from it and an untried strategy reads it", async () => {
        const agent = await service.getAgent()
        const a = await makeDecision(service, { cart_id: "cart_a", state_key: "sa", strategy: "popular" })
        await service.applyReward({ decision_id: a.id, kind: "conversion", source_event_id: "o1", terminal: true })
        // the prior row learnt like a cell from 0: α·1
        const prior1 = ALPHA * 1.0
        expect(await q(service, "*", "popular")).toBeCloseTo(prior1, 12)
        // an untried state reads the prior for popular, 0 for strategies nothing has taught yet
        const untried = await service.getQValues(agent.model_version, "sb")
        expect(untried.popular).toBeCloseTo(prior1, 12)
        expect(untried.low_price).toBeUndefined()

        // a new cell starts from the prior, then moves by the update rule (src/learning/update.ts, the one
        // the offline replay agent applies too); the prior moves too
        const b = await makeDecision(service, { cart_id: "cart_b", state_key: "sb", strategy: "popular" })
        const r = await service.applyReward({ decision_id: b.id, kind: "abandonment", source_event_id: "t1", terminal: true })
        const rule = priorAwareUpdate({ cell: {}, prior: { popular: prior1 } }, "popular", -0.1, null, ALPHA, GAMMA, true)
        expect(r.q_after).toBeCloseTo(rule.q, 12)
        expect(await q(service, "sb", "popular")).toBeCloseTo(rule.q, 12)
        expect(await q(service, "*", "popular")).toBeCloseTo(rule.prior, 12)
        // the first cell is untouched by the second reward
        expect(await q(service, "sa", "popular")).toBeCloseTo(ALPHA * 1.0, 12)

        // non-terminal, with a next decision on the cart in a state that has tried nothing: s' reads the prior
        const c = await makeDecision(service, { cart_id: "cart_c", state_key: "sc", strategy: "low_price" })
        await makeDecision(service, { cart_id: "cart_c", state_key: "sd", strategy: "popular" })
        const prior = await service.getQValues(agent.model_version, "*")
        const eng = await service.applyReward({ decision_id: c.id, kind: "engagement", source_event_id: "e1" })
        const expectedEng = priorAwareUpdate({ cell: {}, prior }, "low_price", 0.5, { cell: {}, prior }, ALPHA, GAMMA, false)
        expect(expectedEng.target).toBeCloseTo(0.5 + GAMMA * rule.prior, 12)
        expect(eng.q_after).toBeCloseTo(expectedEng.q, 12)
        expect(await q(service, "*", "low_price")).toBeCloseTo(expectedEng.prior, 12)
      })

      it("refuses an unknown decision and a duplicate reward row", async () => {
        await expect(
          service.applyReward({ decision_id: "rldec_missing", kind: "engagement", source_event_id: "x" })
        ).rejects.toThrow(/not found/)
        const decision = await makeDecision(service)
        const row = { decision_id: decision.id, kind: "engagement", value: 0.5, source_event_id: "dup" } as any
        await service.createRlRewards(row)
        await expect(service.createRlRewards(row)).rejects.toThrow()
      })
    })

    describe("convergence", () => {
      it("rolls up |ΔQ|, the Q variance, greedy changes, exploration and rewards per model version and day", async () => {
        const m = MikroOrmWrapper.getManager()
        const version = (await service.getAgent()).model_version
        const day = (offset: number) => new Date(Date.UTC(2026, 0, 10 + offset, 12))
        const at = async (table: string, id: string, when: Date) => m.execute(`UPDATE ${table} SET created_at = ? WHERE id = ?`, [when, id])
        const decide = async (state_key: string, q_values: Record<string, number>, when: Date, explored = false) => {
          const d = await makeDecision(service, { state_key, q_values, explored, epsilon: 0.2, cart_id: `cvg_${state_key}_${when.getTime()}` })
          await at("rl_decision", d.id, when)
          return d
        }
        let n = 0
        const reward = async (decision_id: string, q_after: number | null, value: number, when: Date, kind = "engagement") => {
          const [r] = await service.createRlRewards([{ decision_id, kind, value, q_after, source_event_id: `cvg_${n++}` } as any])
          await at("rl_reward", r.id, when)
        }
        // day 1: A prefers popular, B low_price; two updates of (A, popular) from the logged 0.5
        const a1 = await decide("cvgA", { popular: 0.5, low_price: 0.1 }, day(0))
        await decide("cvgB", { low_price: 0.3, popular: 0.1 }, day(0), true)
        await reward(a1.id, 0.55, 0.5, new Date(day(0).getTime() + 60_000))
        await reward(a1.id, 0.6, 0.5, new Date(day(0).getTime() + 120_000))
        await reward(a1.id, null, 0, new Date(day(0).getTime() + 180_000), "view") // moved nothing, not a reward figure
        // day 2: A keeps popular, B switches to popular, C is new; one update of (A, popular) from 0.6
        const a2 = await decide("cvgA", { popular: 0.6, low_price: 0.1 }, day(1))
        await decide("cvgB", { low_price: 0.3, popular: 0.4 }, day(1))
        await decide("cvgC", { high_price: 0.2 }, day(1), true)
        await reward(a2.id, 0.7, 1, new Date(day(1).getTime() + 60_000), "conversion")

        await service.rollupConvergence(day(0))
        await service.rollupConvergence(day(0)) // a second pass replaces the days, never adds to them
        const [d1, d2] = await service.listConvergence(version, 2)
        expect(d1).toMatchObject({ day: "2026-01-10", decisions: 2, updates: 2, states_compared: 0, greedy_changed_share: null, rewards: 2 })
        expect(d1.mean_abs_delta_q).toBeCloseTo(0.05, 5)
        expect(d1.q_variance).toBeCloseTo(0.000625, 6) // var_pop(0.55, 0.6)
        expect(d1.exploration_rate).toBeCloseTo(0.5, 6)
        expect(d1.epsilon).toBeCloseTo(0.2, 6)
        expect(d1.reward_mean).toBeCloseTo(0.5, 6)
        expect(d1.reward_variance).toBeCloseTo(0, 6)
        expect(d2).toMatchObject({ day: "2026-01-11", decisions: 3, updates: 1, states_compared: 2, rewards: 1 })
        expect(d2.mean_abs_delta_q).toBeCloseTo(0.1, 5) // 0.7 − the cell's previous 0.6
        expect(d2.q_variance).toBeCloseTo(0.011667 / 3, 5) // the trailing week: var_pop(0.55, 0.6, 0.7)
        expect(d2.greedy_changed_share).toBeCloseTo(0.5, 6) // B switched, A did not; C had no earlier day
        expect(d2.exploration_rate).toBeCloseTo(1 / 3, 6)
        expect(d2.reward_variance).toBeNull() // one reward
      })
    })

    describe("purchase history", () => {
      const line = (source_id: string, customer_id: string, product_id: string, quantity: number, unit_price: number, is_return = false, at = new Date("2011-01-01T10:00:00Z")) => ({
        source_id, customer_id, product_id, quantity, unit_price, currency_code: "gbp", purchased_at: at, is_return,
      })
      const floorAll = (m: Map<string, number>) => Object.fromEntries([...m].map(([k, v]) => [k, Math.floor(v)]))

      it("derives popularity windows, customer profiles and co-purchases from it", async () => {
        await service.createRlPurchases([
          line("inv0", "c1", "p2", 10, 20, false, new Date("2010-06-01T10:00:00Z")),
          line("inv1", "c1", "p1", 2, 5),
          line("inv1", "c1", "p2", 1, 20),
          line("inv2", "c2", "p1", 3, 5),
          line("inv2", "c2", "p3", 1, 60),
          line("inv3", "c2", "p3", 4, 60),
          line("inv3", "c2", "p3", 4, 60, true),
          line("inv4", "c3", "p1", 1, 5),
          line("inv4", "c3", "p2", 1, 20),
        ])
        // nothing is derived until the statistics are rebuilt
        expect((await service.getPopularity()).size).toBe(0)
        // four related pairs: p1–p2 both ways, p1–p3 both ways (RP3beta needs no minimum support)
        expect(await service.refreshStatistics()).toMatchObject({ products: 3, co_purchases: 4, profiles: 3 })

        // windows trail the latest purchase (2011-01-01): inv0 is outside 90 days, inside 365
        const pop90 = await service.getPopularity("90d")
        expect(floorAll(pop90)).toEqual({ p1: 6, p2: 2, p3: 1 })
        expect(floorAll(await service.getPopularity("365d"))).toEqual({ p1: 6, p2: 12, p3: 1 })
        // all-time units break ties within a window, never outweighing one unit in it
        expect(pop90.get("p2")!).toBeGreaterThan(2)
        expect(pop90.get("p2")!).toBeLessThan(3)

        expect(await service.getCustomerHistory("c1")).toMatchObject({
          orders: 2,
          units: 13,
          lowBandUnits: 2,
          lastPurchaseAt: new Date("2011-01-01T10:00:00Z"),
          topProductIds: ["p2", "p1"],
        })
        expect(await service.getCustomerHistory("nobody")).toBeNull()

        // the store's relevance is RP3beta over the orders (returns left out), as the pure function fits it
        const expected = fitRp3beta([["p2"], ["p1", "p2"], ["p1", "p3"], ["p3"], ["p1", "p2"]], STORE_RELEVANCE_OPTIONS).get("p1")!
        const seeds = (cartProductIds: string[], historyProductIds: string[], more: object = {}) => ({ cartProductIds, historyProductIds, historyWeight: 0.05, ...more })
        const related = (await service.getRelevance(seeds(["p1"], []))).cart
        expect([...related.keys()]).toEqual(expected.map((r) => r.productId))
        expect(expected.map((r) => r.productId)).toEqual(["p2", "p3"])
        for (const r of expected) expect(related.get(r.productId)).toBeCloseTo(r.score, 12)

        // the shared relevance in one query: each side's sums with its own products left out
        const fitted = fitRp3beta([["p2"], ["p1", "p2"], ["p1", "p3"], ["p3"], ["p1", "p2"]], STORE_RELEVANCE_OPTIONS)
        const relevance = await service.getRelevance(seeds(["p1"], ["p2", "p3"]))
        expect([...relevance.cart.keys()].sort()).toEqual(["p2", "p3"])
        expect(relevance.cart.get("p2")).toBeCloseTo(related.get("p2")!, 12)
        // history p2, p3: only p1 is outside the set; its score sums both rows
        const p1FromHistory = ["p2", "p3"].reduce((sum, id) => sum + (fitted.get(id)!.find((r) => r.productId === "p1")?.score ?? 0), 0)
        expect([...relevance.history.keys()]).toEqual(["p1"])
        expect(relevance.history.get("p1")).toBeCloseTo(p1FromHistory, 12)
        // the seeds that gave each score: what a bought_with reason names
        expect(relevance.cartBy.get("p2")).toEqual(["p1"])
        expect(relevance.historyBy.get("p1")).toEqual(["p2", "p3"].sort((a, b) => (fitted.get(b)!.find((r) => r.productId === "p1")?.score ?? 0) - (fitted.get(a)!.find((r) => r.productId === "p1")?.score ?? 0)))
        expect(await service.getRelevance(seeds([], []))).toEqual({ cart: new Map(), history: new Map(), cartBy: new Map(), historyBy: new Map() })
        expect((await service.getRelevance(seeds([], ["p1"]))).cart.size).toBe(0)
        // a product page's product weighs anchorWeight times a cart product, and is never its own relevance
        const page = await service.getRelevance(seeds(["p3"], [], { anchorIds: ["p1"], anchorWeight: 3 }))
        expect([...page.cart.keys()]).toEqual(["p2"])
        expect(page.cart.get("p2")).toBeCloseTo(3 * related.get("p2")!, 12)
        expect(page.cartBy.get("p2")).toEqual(["p1"])

        // the two-step neighbourhood a similar list ranks by: p2 → p1 → p3 (p2 itself left out)
        const p2p1 = fitted.get("p2")!.find((r) => r.productId === "p1")!.score
        const p1p3 = fitted.get("p1")!.find((r) => r.productId === "p3")!.score
        const near = await service.getNeighbourhood(["p2"])
        expect([...near.keys()].sort()).toEqual(["p3"])
        expect(near.get("p3")).toBeCloseTo(p2p1 * p1p3, 12)
      })

      it("measures price sensitivity in each currency's own low band: the option's for GBP, fitted to the history for EUR", async () => {
        const eur = (source_id: string, customer_id: string, product_id: string, quantity: number, unit_price: number) => ({
          ...line(source_id, customer_id, product_id, quantity, unit_price),
          currency_code: "eur",
        })
        // a EUR store where nothing costs under 10: six products at 10, 12, 14, 30, 40, 60 (the low band's edge fits at 12)
        await service.createRlPurchases([
          eur("e1", "shopper", "e10", 3, 10),
          eur("e1", "shopper", "e60", 1, 60),
          eur("e2", "other", "e12", 1, 12),
          eur("e2", "other", "e14", 1, 14),
          eur("e3", "other", "e30", 1, 30),
          eur("e3", "other", "e40", 1, 40),
          // GBP keeps the option's £10: £5 is low, £12 is not
          line("g1", "briton", "g5", 1, 5),
          line("g1", "briton", "g12", 3, 12),
        ])
        await service.refreshStatistics()
        // the €10 units are the shopper's cheapest third of the catalogue: 3 of 4 units, not "0 under 10"
        expect(await service.getCustomerHistory("shopper")).toMatchObject({ units: 4, lowBandUnits: 3 })
        expect(await service.getCustomerHistory("briton")).toMatchObject({ units: 4, lowBandUnits: 1 })

        // a later order is measured in the same bands
        await service.createRlPurchases([eur("e4", "other", "e10", 2, 10)])
        await service.refreshAfterPurchase({ customer_ids: ["other"], product_ids: ["e10"] })
        expect(await service.getCustomerHistory("other")).toMatchObject({ units: 6, lowBandUnits: 2 })
      })

      it("refreshes one order's customer and products, and forgets an erased customer", async () => {
        await service.createRlPurchases([line("inv1", "c1", "p1", 2, 5)])
        await service.refreshStatistics()
        await service.createRlPurchases([line("ord_2", "c1", "p9", 5, 70, false, new Date("2011-01-02T10:00:00Z"))])
        expect(await service.refreshAfterPurchase({ customer_ids: ["c1"], product_ids: ["p9"] })).toEqual({
          profiles: 1,
          products: 1,
        })
        expect(await service.getCustomerHistory("c1")).toMatchObject({ orders: 2, units: 7, topProductIds: ["p9", "p1"] })
        expect(floorAll(await service.getPopularity("all"))).toEqual({ p1: 2, p9: 5 })

        await service.eraseCustomer("c1")
        expect(await service.getCustomerHistory("c1")).toBeNull()
      })
    })
  },
})
