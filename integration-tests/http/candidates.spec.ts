import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { assignArm, type ArmSpec } from "../../src/learning/experiments"
import { fillQ, policyProbabilities } from "../../src/learning/policy"
import { readFileSync } from "fs"
import path from "path"
import { PRIOR_STATE_KEY, stateKey } from "../../src/learning/state"
import { STRATEGIES, type Strategy } from "../../src/learning/strategies"
import { RL_AGENT_MODULE } from "../../src/modules/rl-agent"
import type RlAgentModuleService from "../../src/modules/rl-agent/service"
import { deleteQueueKeys, uniquePrefix } from "../../harness/redis"
import { adminHeaders, createStoreFixture, type StoreFixture } from "../helpers/fixtures"

/**
 * Candidate policies beside the serving one, and the per-request guard rail:
 * a shadow logs its own draw and probabilities next to every decision and is
 * promoted only past the off-policy rule; a model arm serves a snapshot's
 * table live; exploration never goes into a strategy whose list would not
 * fill on its own (or only with products below a stock level), and every
 * propensity logged under those limits is exact.
 */
const REDIS_URL = process.env.RL_REDIS_URL ?? "redis://127.0.0.1:6379/1"
const prefix = uniquePrefix("candidates")
process.env.RL_PLUGIN_OPTIONS = JSON.stringify({ redisUrl: REDIS_URL, queuePrefix: prefix, jobBackoffMs: 100, rateLimit: false })

afterAll(async () => {
  await deleteQueueKeys(REDIS_URL, prefix)
})

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: StoreFixture
    let headers: Record<string, string>
    const rl = () => getContainer().resolve<RlAgentModuleService>(RL_AGENT_MODULE)
    const pg = () => getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const recommend = async (body: Record<string, unknown>, key = store.publishableKey) => {
      const res = await api.post("/store/rl/recommendations", body, { headers: { "x-publishable-api-key": key } })
      expect(res.status).toBe(200)
      return res.data.recommendation
    }
    const decisionOf = async (id: string) => (await rl().listRlDecisions({ id }))[0] as any
    const fail = (p: Promise<unknown>) => p.then(() => { throw new Error("expected a 4xx") }, (e: any) => e.response)
    const patchAgent = async (body: Record<string, unknown>) => (await api.patch("/admin/rl/agent", body, { headers })).data.agent
    /** The live table's prior row (every state's starting Q): `best` at 1, the rest 0. */
    const setPrior = async (best: Strategy) => {
      const { model_version } = await rl().getAgent()
      await pg().raw(`DELETE FROM rl_q_value WHERE model_version = ? AND state_key = ?`, [model_version, PRIOR_STATE_KEY])
      await rl().createRlQValues(STRATEGIES.map((strategy) => ({ model_version, state_key: PRIOR_STATE_KEY, strategy, value: strategy === best ? 1 : 0, visits: 1 })) as any)
    }
    /** A snapshot whose every state prefers `best`. */
    const snapshotPreferring = async (best: Strategy) => {
      await setPrior(best)
      return (await rl().createSnapshot({ reason: "manual", label: `prefers ${best}` })).id!
    }

    beforeAll(async () => {
      store = await createStoreFixture(getContainer())
      headers = await adminHeaders(getContainer())
      await rl().startQueue()
    })

    it("refuses a shadow it cannot run, saying what to fix: one at a time, and only for admins", async () => {
      const bad = async (body: Record<string, unknown>) => (await fail(api.post("/admin/rl/shadows", { name: "x", ...body }, { headers }))).data
      expect((await bad({})).message).toMatch(/Send snapshot_id, epsilon or both/)
      expect((await bad({ epsilon: 2 })).message).toMatch(/epsilon/)
      expect((await bad({ epsilon: 0.2, extra: 1 })).message).toMatch(/extra/)
      expect((await fail(api.post("/admin/rl/shadows", { name: "x", snapshot_id: "rlsnap_missing" }, { headers }))).status).toBe(404)
      const empty = (await rl().createSnapshot({ reason: "manual" })).id!
      expect((await bad({ snapshot_id: empty })).message).toMatch(/holds no Q values/)
      expect((await fail(api.post("/admin/rl/shadows", { name: "x", epsilon: 0.2 }))).status).toBe(401)

      const shadow = (await api.post("/admin/rl/shadows", { name: "More exploration", epsilon: 0.5 }, { headers })).data.shadow
      expect(shadow).toMatchObject({ id: expect.stringMatching(/^rlsh_/), status: "running", snapshot_id: null, epsilon: 0.5 })
      const second = await fail(api.post("/admin/rl/shadows", { name: "Second", epsilon: 0.3 }, { headers }))
      expect(second.status).toBe(400)
      expect(second.data.message).toMatch(new RegExp(`Shadow "More exploration" \\(${shadow.id}\\) is running`))
      expect((await fail(api.post(`/admin/rl/shadows/${shadow.id}/stop`, { now: true }, { headers }))).status).toBe(400)
      expect((await api.post(`/admin/rl/shadows/${shadow.id}/stop`, {}, { headers })).data.shadow.status).toBe("stopped")
      expect((await fail(api.post(`/admin/rl/shadows/${shadow.id}/promote`, {}, { headers }))).data.message).toMatch(/is stopped: only a running shadow/)
      expect((await api.get("/admin/rl/shadows", { headers })).data).toMatchObject({ count: 1, shadows: [{ id: shadow.id, status: "stopped" }] })
    })

    it("logs a shadow's own draw and its exact probabilities beside every served decision, and never serves it", async () => {
      const snapshot = await snapshotPreferring("popular")
      await setPrior("low_price")
      // the serving policy: greedy on the live table, low_price with propensity 1
      await patchAgent({ epsilon: 0, epsilon_min: 0 })
      const shadow = (await api.post("/admin/rl/shadows", { name: "Popular table", snapshot_id: snapshot, epsilon: 0.3 }, { headers })).data.shadow
      const expected = policyProbabilities(fillQ({ popular: 1 }), 0.3)
      const drawn = new Map<string, number>()
      for (let i = 0; i < 30; i++) {
        const rec = await recommend({ context: { session_id: `shadowed-${i}` } })
        expect(rec).toMatchObject({ strategy: "low_price", propensity: 1 })
        const d = await decisionOf(rec.id)
        expect(d).toMatchObject({ shadow_id: shadow.id, strategy: "low_price" })
        for (const s of STRATEGIES) expect(d.shadow_probabilities[s]).toBeCloseTo(expected[s], 12)
        expect(STRATEGIES).toContain(d.shadow_strategy)
        drawn.set(d.shadow_strategy, (drawn.get(d.shadow_strategy) ?? 0) + 1)
      }
      const { counts, promotion } = (await api.get(`/admin/rl/shadows/${shadow.id}`, { headers })).data
      expect(counts).toMatchObject({ decisions: 30, agreements: drawn.get("low_price") ?? 0 })
      expect(counts.by_strategy.find((s: any) => s.strategy === "low_price").served).toBe(30)
      expect(counts.by_strategy.find((s: any) => s.strategy === "popular")?.shadow ?? 0).toBe(drawn.get("popular") ?? 0)
      // the candidate's draws follow its probabilities (popular 0.75): 4.5 standard deviations of Binomial(30, 0.75)
      expect(Math.abs((drawn.get("popular") ?? 0) / 30 - 0.75)).toBeLessThan(4.5 * Math.sqrt((0.75 * 0.25) / 30))
      // nothing settled yet: no verdict but "not enough"
      expect(promotion).toMatchObject({ allowed: false, decisions: 0, shadowed: 30, snapshot_id: snapshot })
      expect(promotion.reason).toMatch(/Not enough settled decisions: 0 of the 100/)

      await api.post(`/admin/rl/shadows/${shadow.id}/stop`, {}, { headers })
      const after = await recommend({ context: { session_id: "after-shadow" } })
      expect(await decisionOf(after.id)).toMatchObject({ shadow_id: null, shadow_strategy: null, shadow_probabilities: null })
    })

    it("promotes a shadow only when its off-policy lower bound beats the current policy's value, and rolling back is one restore", async () => {
      const good = await snapshotPreferring("popular")
      const bad = await snapshotPreferring("low_price")
      await setPrior("high_price")
      // the serving policy explores uniformly: every decision has propensity 1/6
      await patchAgent({ epsilon: 1 })
      /** Serves n decisions in the shadow, settles them (two days old) and rewards the popular ones. */
      const run = async (snapshotId: string, n: number) => {
        // ε 0.5: the log is uniform, so a candidate this exploratory keeps an effective sample size above the rule's 100
        const shadow = (await api.post("/admin/rl/shadows", { name: `shadow of ${snapshotId}`, snapshot_id: snapshotId, epsilon: 0.5 }, { headers })).data.shadow
        for (let i = 0; i < n; i++) await recommend({ context: { session_id: `${shadow.id}-${i}` } })
        await pg().raw(`UPDATE rl_decision SET created_at = now() - interval '2 days' WHERE shadow_id = ?`, [shadow.id])
        const popular = await pg().raw(`SELECT id FROM rl_decision WHERE shadow_id = ? AND strategy = 'popular'`, [shadow.id])
        for (const { id } of popular.rows) await rl().createRlRewards({ decision_id: id, kind: "engagement", value: 1, source_event_id: `shadow|${id}` } as any)
        return { shadow, rewarded: popular.rows.length }
      }
      const judge = async (id: string) => (await api.get(`/admin/rl/shadows/${id}`, { headers })).data.promotion

      const refusedRun = await run(bad, 240)
      const refused = await judge(refusedRun.shadow.id)
      expect(refused).toMatchObject({ allowed: false, decisions: 240, shadowed: 240 })
      expect(refused.current).toBeCloseTo(refusedRun.rewarded / 240, 12)
      expect(refused.reason).toMatch(/^The candidate does not beat the current policy/)
      const no = await fail(api.post(`/admin/rl/shadows/${refusedRun.shadow.id}/promote`, {}, { headers }))
      expect(no.status).toBe(400)
      expect(no.data.message).toMatch(/^Not promoted: The candidate does not beat the current policy.*lower bound of its doubly-robust estimate/)
      const before = await rl().getAgent()
      await api.post(`/admin/rl/shadows/${refusedRun.shadow.id}/stop`, {}, { headers })

      const acceptedRun = await run(good, 240)
      const accepted = await judge(acceptedRun.shadow.id)
      expect(accepted.allowed).toBe(true)
      expect(accepted.candidate.lo).toBeGreaterThan(accepted.current)
      expect(accepted.effective_sample_size).toBeGreaterThanOrEqual(100)
      // every decision logged the candidate's probabilities: popular 1 − 0.5 + 0.5/6, which earned 1 each time
      expect(accepted.ips.value).toBeCloseTo(((acceptedRun.rewarded * (0.5 + 0.5 / 6)) / (1 / 6)) / 240, 9)
      const yes = (await api.post(`/admin/rl/shadows/${acceptedRun.shadow.id}/promote`, {}, { headers })).data
      expect(yes.shadow).toMatchObject({ status: "promoted", stopped_at: expect.any(String) })
      expect(yes.promotion.allowed).toBe(true)
      const agent = await rl().getAgent()
      expect(agent).toMatchObject({ model_version: before.model_version + 1, epsilon: 0.5 })
      expect((await rl().getQValues(agent.model_version, PRIOR_STATE_KEY)).popular).toBe(1)
      expect(await rl().getRunningShadow()).toBeNull()
      // rolling back is one restore of the snapshot the promotion took first
      const back = (await api.post(`/admin/rl/snapshots/${yes.rollback_snapshot_id}/restore`, { confirm: true }, { headers })).data.restored
      expect(back.model_version).toBe(before.model_version + 2)
      expect((await rl().getQValues(back.model_version, PRIOR_STATE_KEY)).high_price).toBe(1)
    })

    it("stores npm run evaluate's trained model as a candidate that is not served, and keys each shopper by the model's own state model", async () => {
      const model = JSON.parse(readFileSync(path.join(__dirname, "../../reports/model.json"), "utf8"))
      const before = await rl().getAgent()
      const snapshot = await rl().importCandidate({ label: "trained", state_model: model.state_model, epsilon: model.epsilon, rows: model.rows })
      expect(snapshot.entries).toBe(model.rows.length)
      // not served: the agent's version and table are as they were
      expect(await rl().getAgent()).toMatchObject({ model_version: before.model_version, state_model: before.state_model })
      const shadow = (await api.post("/admin/rl/shadows", { name: "Trained on Online Retail", snapshot_id: snapshot.id }, { headers })).data.shadow
      const q = new Map<string, Record<string, number>>()
      for (const r of model.rows) q.set(r.state_key, { ...q.get(r.state_key), [r.strategy]: r.value })
      let differentKeys = 0
      for (let i = 0; i < 12; i++) {
        const rec = await recommend({ context: { session_id: `trained-${i}`, device: i % 2 ? "mobile" : "desktop" } })
        const d = await decisionOf(rec.id)
        // the decision's features are its full state: its key under the trained model's bins
        const key = stateKey(d.features, model.state_model)
        if (key !== d.state_key) differentKeys++
        const expected = policyProbabilities(fillQ({ ...q.get(PRIOR_STATE_KEY), ...q.get(key) }), model.epsilon)
        for (const s of STRATEGIES) expect(d.shadow_probabilities[s]).toBeCloseTo(expected[s], 12)
      }
      // its bins are not the live table's: the keys differ, and judging it on the log's keys is refused with what to do instead
      expect(differentKeys).toBe(12)
      const judged = await fail(api.get(`/admin/rl/snapshots/${snapshot.id}/promotion`, { headers }))
      expect(judged.status).toBe(400)
      expect(judged.data.message).toMatch(/another state model than the serving table.*run it in shadow/)
      await api.post(`/admin/rl/shadows/${shadow.id}/stop`, {}, { headers })
      await expect(rl().importCandidate({ label: "bad", state_model: model.state_model, epsilon: null, rows: [{ state_key: "s", strategy: "cheapest" as any, value: 1, visits: 1 }] })).rejects.toThrow(/is not a \(state, strategy/)
    })

    it("serves a model arm from its snapshot's table with that policy's exact propensity, and can make it the default", async () => {
      const arms = (snapshotId: string): ArmSpec[] => [
        { key: "agent", kind: "agent", weight: 0.5 },
        { key: "v2", kind: "model", snapshot_id: snapshotId, epsilon: 0.2, weight: 0.5 },
      ]
      expect((await fail(api.post("/admin/rl/experiments", { name: "x", arms: arms("rlsnap_missing") }, { headers }))).status).toBe(404)
      const empty = (await rl().createSnapshot({ reason: "manual" })).id!
      expect((await fail(api.post("/admin/rl/experiments", { name: "x", arms: arms(empty) }, { headers }))).data.message).toMatch(/holds no Q values/)

      const snapshot = await snapshotPreferring("popular")
      await setPrior("low_price")
      await patchAgent({ epsilon: 0, epsilon_min: 0 })
      const e = (await api.post("/admin/rl/experiments", { name: "Agent vs v2", arms: arms(snapshot) }, { headers })).data.experiment
      const model = policyProbabilities(fillQ({ popular: 1 }), 0.2)
      let inModel = 0
      for (let i = 0; i < 40; i++) {
        const session = `model-${i}`
        const rec = await recommend({ context: { session_id: session } })
        const arm = assignArm(e.id, session, e.arms).key
        expect((await decisionOf(rec.id)).arm).toBe(arm)
        if (arm === "agent") {
          expect(rec).toMatchObject({ strategy: "low_price", propensity: 1 })
        } else {
          inModel++
          expect(rec.propensity).toBeCloseTo(model[rec.strategy as Strategy], 12)
        }
      }
      expect(inModel).toBeGreaterThan(5)

      const stopped = (await api.post(`/admin/rl/experiments/${e.id}/stop`, { winner_arm: "v2", make_default: true }, { headers })).data
      const agent = await rl().getAgent()
      expect(stopped.restored).toMatchObject({ model_version: agent.model_version, pre_restore_snapshot_id: expect.stringMatching(/^rlsnap_/) })
      expect(agent.epsilon).toBe(0.2)
      expect((await rl().getQValues(agent.model_version, PRIOR_STATE_KEY)).popular).toBe(1)
    })

    it("explores only into strategies whose own list fills the shopper's request, and logs exact propensities under that limit", async () => {
      // the fixture's ten products (100 units each), GBP bands < 10, 10–50, > 50: four cheap, four mid-priced, two dear
      expect((await fail(api.patch("/admin/rl/agent", { explore_min_stock: 0 }, { headers }))).data.message).toMatch(/explore_min_stock/)
      const check = async (allowed: Strategy[], n: number, tag: string) => {
        const explored = new Set<string>()
        for (let i = 0; i < n; i++) {
          // a home page, no cart, no account: no categories and no history, four slots
          const rec = await recommend({ limit: 4, context: { session_id: `${tag}-${i}` } })
          // ε = 0.5 over the allowed strategies (none: no exploration); the greedy rest is split six ways (every Q is 0)
          const epsilon = allowed.length ? 0.5 : 0
          const exact = (allowed.includes(rec.strategy) ? epsilon / allowed.length : 0) + (1 - epsilon) / 6
          expect(rec.propensity).toBeCloseTo(exact, 12)
          if (rec.explored) {
            expect(allowed).toContain(rec.strategy)
            explored.add(rec.strategy)
          }
        }
        return explored
      }
      // every Q at 0: the greedy set is all six
      await pg().raw(`DELETE FROM rl_q_value`)
      // full lists: high_price has two products of four; category_match and personalized have nothing of their own here
      const agent = await patchAgent({ epsilon: 0.5, explore_full_list: true })
      expect(agent).toMatchObject({ explore_full_list: true, explore_min_stock: null })
      expect([...(await check(["low_price", "medium_price", "popular"], 60, "full"))].sort()).toEqual(["low_price", "medium_price", "popular"])
      // the admin tester shows the set for a shopper
      const preview = (await api.post("/admin/rl/tester", { placement: "home", limit: 4 }, { headers })).data.preview
      expect(preview.explorable).toEqual(["low_price", "medium_price", "popular"])
      // at 100 units every product still counts; at 101 none does, and nothing is explored into
      await patchAgent({ explore_min_stock: 100 })
      expect([...(await check(["low_price", "medium_price", "popular"], 60, "stock-100"))].sort()).toEqual(["low_price", "medium_price", "popular"])
      expect((await patchAgent({ explore_min_stock: 101 })).explore_min_stock).toBe(101)
      expect((await check([], 20, "stock-101")).size).toBe(0)
      // off again: all six
      await patchAgent({ explore_full_list: false, explore_min_stock: null })
      await check([...STRATEGIES], 12, "off")
    })
  },
})
