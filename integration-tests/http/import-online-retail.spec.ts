import { spawn } from "child_process"
import { createReadStream, mkdtempSync, writeFileSync } from "fs"
import FormData from "form-data"
import { tmpdir } from "os"
import path from "path"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { RL_AGENT_MODULE } from "../../src/modules/rl-agent"
import type RlAgentModuleService from "../../src/modules/rl-agent/service"
import { runOnlineRetailImport } from "../../src/workflows/import/run-import"
import { customerFeatures } from "../../src/learning/profile"
import { normalizeRow } from "../../src/data/online-retail/normalize"
import { readRetailFile } from "../../src/data/online-retail/read"
import { IMPORTED_STOCK } from "../../src/workflows/import/steps/upsert-products"
import { dataFile } from "../helpers/data"
import { adminHeaders } from "../helpers/fixtures"
import { deleteQueueKeys, uniquePrefix } from "../../harness/redis"

const REDIS_URL = process.env.RL_REDIS_URL ?? "redis://127.0.0.1:6379/1"
const prefix = uniquePrefix("import")
// set before the runner loads medusa-config.ts
process.env.RL_PLUGIN_OPTIONS = JSON.stringify({ redisUrl: REDIS_URL, queuePrefix: prefix })

const SAMPLE = dataFile("online-retail-sample.xlsx")

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer, dbConnection, dbConfig }) => {
    afterAll(async () => {
      await deleteQueueKeys(REDIS_URL, prefix)
    })
    const rl = () => getContainer().resolve<RlAgentModuleService>(RL_AGENT_MODULE)
    const count = async (sql: string) => Number((await dbConnection.raw(sql)).rows[0].n)

    it("imports the XLSX sample with exact counts, and a second run changes nothing", async () => {
      const first = await runOnlineRetailImport(getContainer(), SAMPLE)
      expect(first).toMatchObject({
        products: 1581,
        customers: 197,
        // 4,770 purchases + 70 returns of real product codes, less 8 lines of codes never sold at a
        // positive price (not importable as products)
        purchase_lines: 4832,
        purchase_lines_inserted: 4832,
        summary: { lines: 5000, skipped: { total: 0 }, invoices: 300, cancellationInvoices: 29 },
      })
      const [run] = await rl().listRlImportRuns({ id: first.run_id })
      expect(run).toMatchObject({ status: "completed", phase: "done" })
      // a store with no region at all: the import makes the one it needs, the store's default, and says so
      expect(first.store_setup.actions.join("\n")).toMatch(/created the region "United Kingdom" in GBP \(reg_\w+\) for gb/)
      expect(first.store_setup.actions.join("\n")).toMatch(/made reg_\w+ the store's default region/)

      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const { data: [product] } = await query.graph({
        entity: "product",
        fields: ["id", "title", "status", "handle", "categories.handle", "sales_channels.id", "variants.sku", "variants.prices.amount", "variants.prices.currency_code", "variants.inventory_items.inventory.location_levels.stocked_quantity"],
        filters: { handle: "or-85123a" },
      })
      expect(product).toMatchObject({
        title: "WHITE HANGING HEART T-LIGHT HOLDER",
        status: "published",
        categories: [{ handle: "candles-lights" }],
      })
      expect(product.sales_channels).toHaveLength(1)
      expect(product.variants[0].sku).toBe("85123A")
      expect(product.variants[0].prices).toEqual([expect.objectContaining({ amount: 2.55, currency_code: "gbp" })])
      expect((product.variants[0] as any).inventory_items[0].inventory.location_levels[0].stocked_quantity).toBe(IMPORTED_STOCK)

      expect(await count(`SELECT count(*)::int AS n FROM rl_purchase`)).toBe(4832)
      expect(await count(`SELECT count(*)::int AS n FROM rl_purchase WHERE is_return`)).toBe(70)
      expect(await count(`SELECT count(*)::int AS n FROM product WHERE deleted_at IS NULL`)).toBe(1581)
      expect(await count(`SELECT count(*)::int AS n FROM customer WHERE email LIKE '%@online-retail.invalid'`)).toBe(197)
      // the GBP region became the store's default: shoppers without a cart get prices
      const { data: [store] } = await query.graph({ entity: "store", fields: ["default_region_id"] })
      const { data: [gbp] } = await query.graph({ entity: "region", fields: ["id"], filters: { currency_code: "gbp" } })
      expect(store.default_region_id).toBe(gbp.id)
      const agent = await rl().getAgent()
      expect((agent.state_model as any).countries[0]).toBe("gb")
      expect((agent.state_model as any).categories).toContain("christmas")
      // derived statistics: one stat row per sold product, a profile per customer, related products
      // (19 of the 197 customers have only cancellations: no profile)
      expect(first.statistics).toMatchObject({ products: 1581, profiles: 178 })
      expect(await count(`SELECT count(DISTINCT product_id)::int AS n FROM rl_purchase`)).toBe(1581)
      expect(await count(`SELECT count(DISTINCT customer_id)::int AS n FROM rl_purchase WHERE NOT is_return`)).toBe(178)
      expect(await count(`SELECT count(*)::int AS n FROM rl_customer_profile`)).toBe(178)
      expect(first.statistics.co_purchases).toBeGreaterThan(1000)

      const again = await runOnlineRetailImport(getContainer(), SAMPLE)
      expect(again).toMatchObject({ products: 1581, customers: 197, purchase_lines: 4832, purchase_lines_inserted: 0 })
      expect(await count(`SELECT count(*)::int AS n FROM product WHERE deleted_at IS NULL`)).toBe(1581)
      expect(await count(`SELECT count(*)::int AS n FROM customer`)).toBe(197)
      expect(await count(`SELECT count(*)::int AS n FROM rl_purchase`)).toBe(4832)
    }, 300_000)

    it("serves an imported customer the state the model was trained on: engagement read on the history's clock, not today's", async () => {
      await runOnlineRetailImport(getContainer(), SAMPLE)
      // the training side, from the file itself: each customer's invoices, and the data's last day
      const byCustomer = new Map<string, { invoices: Set<string>; units: number; low: number; last: Date }>()
      let end = new Date(0)
      for await (const { row, line } of readRetailFile(SAMPLE)) {
        const n = normalizeRow(row, line)
        if (!n.ok || n.line.isCancellation) continue
        const l = n.line
        if (l.invoiceDate > end) end = l.invoiceDate
        if (!l.customerId) continue
        const c = byCustomer.get(l.customerId) ?? { invoices: new Set(), units: 0, low: 0, last: l.invoiceDate }
        c.invoices.add(l.invoice)
        if (l.invoiceDate > c.last) c.last = l.invoiceDate
        byCustomer.set(l.customerId, c)
      }
      const [code, history] = [...byCustomer].sort((a, b) => b[1].invoices.size - a[1].invoices.size)[0]
      const trained = customerFeatures({ orders: history.invoices.size, units: 1, lowBandUnits: 0, lastPurchaseAt: history.last }, end)
      expect(trained.engagementLevel).toBeGreaterThan(0.3)

      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const { data: [customer] } = await query.graph({ entity: "customer", fields: ["id"], filters: { email: `${code}@online-retail.invalid` } })
      const admin = await adminHeaders(getContainer())
      const preview = (await api.post("/admin/rl/tester", { customer_id: customer.id, seed: 1 }, { headers: admin })).data.preview
      // 2011 read on 2011's clock: the same value, so the same bin and key, as in training (today it read ≈ 0)
      expect(preview.features.engagementLevel).toBeCloseTo(trained.engagementLevel, 9)
      const edges = ((await rl().getAgent()).state_model as any).edges.engagementLevel as number[]
      const bin = (v: number) => edges.filter((e) => e <= v).length
      expect(bin(preview.features.engagementLevel)).toBe(bin(trained.engagementLevel))
      expect(bin(preview.features.engagementLevel)).toBeGreaterThan(0)
      // the admin's customer view reads the same
      const insight = (await api.get(`/admin/rl/customers/${customer.id}`, { headers: admin })).data
      expect(insight.customer.features.engagement_level).toBeCloseTo(trained.engagementLevel, 9)
    }, 300_000)

    it("completes a run that was killed halfway with the same final counts", async () => {
      // the CLI in its own process, on this test's database, SIGKILLed in the middle of the products
      const root = path.resolve(__dirname, "../..")
      const child = spawn(
        process.execPath,
        [require.resolve("@medusajs/cli/cli.js"), "exec", "./src/scripts/import-online-retail.ts", SAMPLE],
        {
          cwd: root,
          env: { ...process.env, DATABASE_URL: dbConfig.clientUrl, RL_PLUGIN_OPTIONS: "{}" },
          detached: true,
          stdio: "ignore",
        }
      )
      const exited = new Promise((r) => child.once("exit", r))
      const started = Date.now()
      let run: any
      do {
        await new Promise((r) => setTimeout(r, 100))
        run = (await dbConnection.raw(`SELECT phase, processed FROM rl_import_run ORDER BY created_at DESC LIMIT 1`)).rows[0]
      } while (!(run?.phase === "products" && run.processed >= 300) && Date.now() - started < 120_000)
      process.kill(-child.pid!, "SIGKILL")
      await exited
      const partial = await count(`SELECT count(*)::int AS n FROM product WHERE deleted_at IS NULL`)
      expect(run.phase).toBe("products")
      expect(partial).toBeGreaterThanOrEqual(300)
      expect(partial).toBeLessThan(1581)
      expect(await count(`SELECT count(*)::int AS n FROM rl_purchase`)).toBe(0)

      const resumed = await runOnlineRetailImport(getContainer(), SAMPLE)
      expect(resumed).toMatchObject({ products: 1581, customers: 197, purchase_lines: 4832, purchase_lines_inserted: 4832 })
      expect(await count(`SELECT count(*)::int AS n FROM product WHERE deleted_at IS NULL`)).toBe(1581)
      expect(await count(`SELECT count(DISTINCT sku)::int AS n FROM product_variant WHERE deleted_at IS NULL`)).toBe(1581)
      expect(await count(`SELECT count(*)::int AS n FROM product_variant WHERE deleted_at IS NULL`)).toBe(1581)
      expect(await count(`SELECT count(*)::int AS n FROM customer`)).toBe(197)
      expect(await count(`SELECT count(*)::int AS n FROM rl_purchase`)).toBe(4832)
      expect(await count(`SELECT count(*)::int AS n FROM rl_customer_profile`)).toBe(178)
    }, 300_000)

    it("stops on a file that is not the data set before writing anything", async () => {
      const dir = mkdtempSync(path.join(tmpdir(), "rl-import-"))
      const wrong = path.join(dir, "orders.csv")
      writeFileSync(wrong, "order_id,sku,qty\n1,A,2\n")
      await expect(runOnlineRetailImport(getContainer(), wrong)).rejects.toThrow(/not the Online Retail data set/)
      expect(await count(`SELECT count(*)::int AS n FROM product`)).toBe(0)
      expect(await count(`SELECT count(*)::int AS n FROM region`)).toBe(0)
      const runs = await rl().listRlImportRuns({})
      expect(runs[0]).toMatchObject({ status: "failed" })
      expect(runs[0].error).toMatch(/missing column\(s\) InvoiceNo/)
    })

    it("imports an uploaded file as a queued job whose progress the admin can poll", async () => {
      await getContainer().resolve<RlAgentModuleService>(RL_AGENT_MODULE).startQueue()
      const headers = await adminHeaders(getContainer())
      const form = new FormData()
      form.append("file", createReadStream(SAMPLE), "Online Retail.xlsx")
      const res = await api.post("/admin/rl/imports", form, { headers: { ...headers, ...form.getHeaders() } })
      expect(res.status).toBe(202)
      const runId = res.data.import_run.id
      expect(res.data.import_run).toMatchObject({ status: "running", phase: "queued", file_name: "Online Retail.xlsx" })

      const phases = new Set<string>()
      let run: any
      const started = Date.now()
      do {
        await new Promise((r) => setTimeout(r, 200))
        run = (await api.get(`/admin/rl/imports/${runId}`, { headers })).data.import_run
        phases.add(run.phase)
      } while (run.status === "running" && Date.now() - started < 120_000)
      expect(run).toMatchObject({ status: "completed", phase: "done", summary: { products: 1581, customers: 197 } })
      expect(phases.size).toBeGreaterThan(2) // the poller saw it move through its phases

      const list = await api.get("/admin/rl/imports?limit=5", { headers })
      expect(list.data).toMatchObject({ count: 1, limit: 5, offset: 0 })
      expect(list.data.import_runs[0].id).toBe(runId)
    }, 180_000)

    it("records a junk CSV upload as a failed import run, not as a failed reward job", async () => {
      await rl().startQueue()
      const headers = await adminHeaders(getContainer())
      const junk = new FormData()
      junk.append("file", Buffer.from("name,price\nmug,3\n"), "prices.csv")
      const res = await api.post("/admin/rl/imports", junk, { headers: { ...headers, ...junk.getHeaders() } })
      expect(res.status).toBe(202)
      const runId = res.data.import_run.id
      let run: any
      const started = Date.now()
      do {
        await new Promise((r) => setTimeout(r, 200))
        run = (await api.get(`/admin/rl/imports/${runId}`, { headers })).data.import_run
      } while (run.status === "running" && Date.now() - started < 60_000)
      expect(run.status).toBe("failed")
      expect(run.error).toMatch(/InvoiceNo|column/i)
      await rl().drainQueue()
      const failed = await api.get("/admin/rl/failed-jobs", { headers })
      expect(failed.data.failed_jobs.filter((j: any) => j.name === "import")).toEqual([])
    })

    it("refuses uploads that cannot be the data set, and unauthenticated ones", async () => {
      const headers = await adminHeaders(getContainer())
      const wrong = new FormData()
      wrong.append("file", Buffer.from("hello"), "notes.txt")
      const bad = await api
        .post("/admin/rl/imports", wrong, { headers: { ...headers, ...wrong.getHeaders() } })
        .catch((e: any) => e.response)
      expect(bad.status).toBe(400)
      expect(bad.data.message).toMatch(/\.xlsx, \.csv, \.csv\.gz, \.parquet/)
      const none = await api.post("/admin/rl/imports", {}, { headers }).catch((e: any) => e.response)
      expect(none.status).toBe(400)
      expect(none.data.message).toMatch(/field `file`/)
      const anon = await api.get("/admin/rl/imports").catch((e: any) => e.response)
      expect(anon.status).toBe(401)
    })
  },
})
