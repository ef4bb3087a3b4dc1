import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { fuzzCases, sendCase, type FuzzOutcome } from "../../bench/fuzz-cases"
import { RL_AGENT_MODULE } from "../../src/modules/rl-agent"
import type RlAgentModuleService from "../../src/modules/rl-agent/service"
import { adminHeaders, createStoreFixture } from "../helpers/fixtures"

/**
 * A slice of the fuzz run (`npm run test:fuzz` sends ≥ 10,000 to a running
 * store): malformed requests against every route must get a 4xx with a
 * message — never a 5xx, a dropped connection, or a corrupted agent.
 */
const CASES = 1_100

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    it(`answers ${CASES} malformed requests with 4xx and a message, and the agent stays sound`, async () => {
      const container = getContainer()
      const store = await createStoreFixture(container)
      const admin = await adminHeaders(container)
      const pk = { "x-publishable-api-key": store.publishableKey }
      const rec = (await api.post("/store/rl/recommendations", {}, { headers: pk })).data.recommendation
      const snapshot = (await api.post("/admin/rl/snapshots", {}, { headers: admin })).data.snapshot
      const customer = (await api.get("/admin/customers?limit=1", { headers: admin }).catch(() => ({ data: { customers: [] } }))).data.customers[0]

      const base = (api.defaults.baseURL as string).replace(/\/$/, "")
      const creds = { publishableKey: store.publishableKey, adminToken: admin.authorization.replace(/^Bearer /, "") }
      const cases = fuzzCases(CASES, 20261129, {
        decisionId: rec.id,
        customerId: customer?.id ?? "cus_missing",
        productId: store.products[0].id,
        snapshotId: snapshot.id,
      })
      const results: Array<FuzzOutcome & { i: number }> = []
      for (let i = 0; i < cases.length; i += 8) {
        const batch = await Promise.all(cases.slice(i, i + 8).map((c) => sendCase(base, c, creds)))
        batch.forEach((r, j) => results.push({ ...r, i: i + j }))
      }
      const byStatus: Record<number, number> = {}
      for (const r of results) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1
      console.log(`fuzz: ${results.length} requests, by status ${JSON.stringify(byStatus)}`)

      const describe = (r: FuzzOutcome & { i: number }) =>
        `${r.status} ${cases[r.i].method} ${cases[r.i].path.slice(0, 120)} ${JSON.stringify(cases[r.i].body ?? cases[r.i].raw ?? null)?.slice(0, 200)} → ${r.message}`
      const broken = results.filter((r) => r.status === 0 || r.status >= 500)
      expect(broken.map(describe)).toEqual([])
      const silent = results.filter((r) => r.status >= 400 && !r.message)
      expect(silent.map(describe)).toEqual([])

      // the agent is still sound: parameters in range, every Q value finite
      const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
      const agent = await rl.getAgent()
      for (const k of ["epsilon", "epsilon_min", "alpha", "gamma"] as const) {
        expect(agent[k]).toBeGreaterThanOrEqual(0)
        expect(agent[k]).toBeLessThanOrEqual(1)
      }
      const values = await rl.listRlQValues({}, { take: 100_000 })
      expect(values.every((v) => Number.isFinite(v.value))).toBe(true)
      expect((await api.post("/store/rl/recommendations", {}, { headers: pk })).status).toBe(200)
    }, 300_000)

    it("answers a body nested 4,000 levels deep and a broken multipart upload with a 400 that says what is wrong", async () => {
      const container = getContainer()
      const store = await createStoreFixture(container)
      const admin = await adminHeaders(container)
      const base = (api.defaults.baseURL as string).replace(/\/$/, "")
      const arr = (n: number) => "[".repeat(n) + "]".repeat(n)
      const nest = (n: number) => '{"a":'.repeat(n) + "1" + "}".repeat(n)
      const store_ = { "x-publishable-api-key": store.publishableKey }
      // deep arrays in a string or number field were 500s (the validator's message overflowed the stack)
      for (const [url, method, headers, payload] of [
        ["/store/rl/recommendations", "POST", store_, `{"cart_id":${arr(6000)}}`],
        ["/store/rl/recommendations", "POST", store_, `{"limit":${arr(8000)}}`],
        ["/store/rl/recommendations", "POST", store_, `{"context":${nest(4000)}}`],
        ["/store/rl/recommendations/rldec_x/feedback", "POST", store_, `{"type":"view","product_id":${arr(6000)}}`],
        ["/admin/rl/tester", "POST", admin, `{"cart_id":${arr(6000)}}`],
        ["/admin/rl/agent", "PATCH", admin, `{"epsilon":${arr(6000)}}`],
      ] as const) {
        const res = await fetch(`${base}${url}`, { method, headers: { ...headers, "content-type": "application/json" }, body: payload })
        const body = await res.json().catch(() => ({}))
        expect(res.status, `${url}: ${JSON.stringify(body)}`).toBe(400)
        expect(body.message).toMatch(/nested too deeply/)
      }

      // a multipart body cut off before its closing boundary
      const boundary = "----rl-broken-form"
      const broken = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\nContent-Type: text/csv\r\n\r\nInvoiceNo,StockCode\r\n`
      const upload = await fetch(`${base}/admin/rl/imports`, {
        method: "POST",
        headers: { ...admin, "content-type": `multipart/form-data; boundary=${boundary}` },
        body: broken,
      })
      const uploadBody = await upload.json().catch(() => ({}))
      expect(upload.status, JSON.stringify(uploadBody)).toBe(400)
      expect(uploadBody.message).toMatch(/multipart body is incomplete/)
      expect((await api.post("/store/rl/recommendations", {}, { headers: { "x-publishable-api-key": store.publishableKey } })).status).toBe(200)
    })
  },
})
