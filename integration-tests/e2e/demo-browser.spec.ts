import { type ChildProcess, spawn } from "child_process"
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from "fs"
import { connect } from "net"
import { networkInterfaces } from "os"
import jwt from "jsonwebtoken"
import type { Page } from "playwright-core"
import path from "path"
import Redis from "ioredis"
import { Queue } from "bullmq"
import { Client } from "pg"
import type { Browser } from "playwright-core"
import { launchChromium } from "../helpers/browser"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { dataFile } from "../helpers/data"
import { shellEnv } from "../../harness/demo-process"

/**
 * The whole loop in a browser, on one boot of `npm run demo` (the XLSX
 * sample, in its own folder, database and Redis DB) driven in Debian's
 * Chromium: the demo storefront — recommendations appear, one is added to the
 * cart, checkout completes, the admin API shows the rewards — and then the
 * admin dashboard as a merchant uses it: log in, KPIs and charts, the tester,
 * CSV export, a snapshot rolled back, and the customer and product widgets.
 * Screenshots of each go to docs/screenshots/.
 */
const ROOT = path.resolve(__dirname, "../..")
const PORT = 9123
const BASE = `http://localhost:${PORT}`
const DB = `rl_demo_browser_${process.pid}`
const REDIS_URL = process.env.RL_BROWSER_REDIS_URL ?? "redis://127.0.0.1:6379/2"
const SHOTS = path.join(ROOT, "docs", "screenshots")
const SCREENSHOT = path.join(SHOTS, "storefront.png")
const DEMO_DIR = ".cache/demo-browser"

let demo: ChildProcess
let browser: Browser

const LOG = path.join(ROOT, ".cache", "demo-browser.log")
const readLog = () => (existsSync(LOG) ? readFileSync(LOG, "utf8") : "")

async function waitFor(text: RegExp, ms: number): Promise<void> {
  const deadline = Date.now() + ms
  while (!text.test(readLog())) {
    if (demo.exitCode !== null) throw new Error(`demo exited with ${demo.exitCode}:\n${readLog().slice(-3000)}`)
    if (Date.now() > deadline) throw new Error(`demo did not print ${text} within ${ms} ms:\n${readLog().slice(-3000)}`)
    await new Promise((r) => setTimeout(r, 500))
  }
}

async function api(pathname: string, init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${BASE}${pathname}`, {
    method: init.method ?? "GET",
    headers: {
      "content-type": "application/json",
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.headers ?? {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  return { status: res.status, data: (await res.json()) as any }
}

beforeAll(async () => {
  await new Redis(REDIS_URL).flushdb().catch(() => undefined)
  mkdirSync(path.dirname(LOG), { recursive: true })
  // the demo writes to a file, as it would to a terminal: nothing in this process can hold it up
  const out = openSync(LOG, "w")
  demo = spawn(
    process.execPath,
    [path.join(ROOT, "scripts/demo.mjs"), "--data", dataFile("online-retail-sample.xlsx"), "--port", String(PORT), "--db-name", DB, "--dir", DEMO_DIR],
    {
      cwd: ROOT,
      env: { ...shellEnv(), REDIS_URL, RL_QUEUE_PREFIX: `rl-browser-${process.pid}`, DATABASE_URL: "" },
      detached: true,
      stdio: ["ignore", out, out],
    }
  )
  closeSync(out)
  await waitFor(/Server is ready/, 420_000)
  browser = await launchChromium()
}, 480_000)

afterAll(async () => {
  await browser?.close()
  if (demo?.pid) {
    try {
      process.kill(-demo.pid, "SIGTERM")
    } catch {}
    await new Promise((r) => setTimeout(r, 3000))
    try {
      process.kill(-demo.pid, "SIGKILL")
    } catch {}
  }
  const pg = new Client({ connectionString: "postgres://postgres@localhost:5432/postgres" })
  await pg.connect()
  await pg.query(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`)
  await pg.end()
  const redis = new Redis(REDIS_URL)
  await redis.flushdb()
  redis.disconnect()
}, 60_000)

describe("the demo's own defaults", () => {
  it("shows what its migrations and import print, instead of hiding them", () => {
    const log = readLog()
    expect(log).toMatch(/Migration scripts completed|Migrations? (completed|finished)|MODULE: rlAgent/)
    expect(log).toMatch(/demo: imported \d+ products, \d+ customers/)
  })

  it("does not accept an admin token signed with a secret anyone can read", async () => {
    const forged = jwt.sign({ actor_id: "user_forged", actor_type: "user", auth_identity_id: "authid_forged" }, "demo-jwt-secret")
    expect((await api("/admin/rl/agent", { token: forged })).status).toBe(401)
    const secrets = JSON.parse(readFileSync(path.join(ROOT, DEMO_DIR, ".secrets.json"), "utf8"))
    expect(secrets.JWT_SECRET).toMatch(/^[0-9a-f]{64}$/)
  })

  // a machine without a network interface besides loopback has nothing to check
  const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === "IPv4" && !i.internal)?.address
  it.skipIf(!external)("listens on loopback only", async () => {
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect({ host: external!, port: PORT })
      socket.once("connect", () => (socket.destroy(), resolve("connected")))
      socket.once("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"))
    })
    expect(outcome).toBe("ECONNREFUSED")
    expect(readLog()).toMatch(/Listening {4}127\.0\.0\.1 only/)
  })
})

describe("the demo storefront", () => {
  it("shows recommendations, adds one to the cart, checks out, and the admin API shows the rewards", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    // what the page saw, for the failure message
    const seen: string[] = []
    page.on("console", (m) => seen.push(`console ${m.type()}: ${m.text()}`))
    page.on("pageerror", (e) => seen.push(`page error: ${e.message}`))
    page.on("response", (r) => r.status() >= 400 && seen.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`))
    await page.goto(`${BASE}/storefront`)
    await page.waitForSelector('[data-testid="product"]', { timeout: 60_000 }).catch((e) => {
      throw new Error(`${e.message}\n${seen.join("\n")}\n${readLog().slice(-2000)}`)
    })
    expect(await page.locator('[data-testid="product"]').count()).toBeGreaterThan(5)

    // a product into the cart: a new recommendation for that cart replaces the cart-less one
    const before = await page.locator('[data-testid="rl-recommendations"]').getAttribute("data-recommendation-id")
    await page.locator('[data-testid="product"] button').first().click()
    await page.waitForFunction(
      (id) => {
        const s = document.querySelector('[data-testid="rl-recommendations"]')
        return !!s && s.getAttribute("data-recommendation-id") !== id && !!document.querySelector('[data-testid="cart-items"]')
      },
      before,
      { timeout: 30_000 }
    )
    const decisionId = (await page.locator('[data-testid="rl-recommendations"]').getAttribute("data-recommendation-id"))!
    expect(decisionId).toMatch(/^rldec_/)
    const recommended = await page.locator('[data-testid="rl-recommendation"]').count()
    expect(recommended).toBeGreaterThan(0)

    // a recommended product into the cart, then checkout with the system payment provider
    await page.locator('[data-testid="rl-recommendation"] button').first().click()
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="cart-items"] li').length === 2, null, { timeout: 30_000 })
    await page.screenshot({ path: SCREENSHOT })
    await page.locator('[data-testid="checkout"]').click()
    await page.waitForSelector('[data-testid="order-placed"]', { timeout: 60_000 })
    expect(await page.locator('[data-testid="order-placed"]').innerText()).toMatch(/Order #\d+ placed/)

    // the admin API: the decision the recommended product came from earned engagement, conversion and revenue
    const login = await api("/auth/user/emailpass", { method: "POST", body: { email: "admin@rl-demo.local", password: "rl-demo-admin" } })
    expect(login.status).toBe(200)
    const deadline = Date.now() + 60_000
    let decision: any
    let log: any[] = []
    do {
      await new Promise((r) => setTimeout(r, 1000))
      const { data } = await api(`/admin/rl/decisions?limit=100`, { token: login.data.token })
      log = data.decisions
      decision = log.find((d: any) => d.id === decisionId)
    } while (!(decision?.converted && decision?.engaged) && Date.now() < deadline)
    const health = decision?.converted ? null : await api(`/admin/rl/health`, { token: login.data.token })
    const failed = decision?.converted ? null : await api(`/admin/rl/failed-jobs`, { token: login.data.token })
    expect(
      decision,
      `health ${JSON.stringify(health?.data)}\nfailed ${String(JSON.stringify(failed?.data)).slice(0, 3000)}\ndecision ${decisionId} in the log:\n${JSON.stringify(log.map((d) => [d.id, d.cart_id, d.rewards.map((r: any) => r.kind)]))}\n${readLog().slice(-4000)}`
    ).toMatchObject({ engaged: true, converted: true })
    expect(decision.revenue).toBeGreaterThan(0)
    expect(decision.rewards.map((r: any) => r.kind)).toEqual(expect.arrayContaining(["engagement", "conversion", "revenue"]))
    await page.close()
  }, 180_000)
})

/**
 * A signed-in customer shops through the store API as a storefront would:
 * recommendations for their cart, a click, the recommended product into the
 * cart, checkout. Their decisions, rewards and (after the order) purchase
 * profile are what the customer widget shows.
 */
async function shopAsCustomer(): Promise<{ customerId: string; productId: string; decisionId: string }> {
  const demo = JSON.parse(readFileSync(path.join(ROOT, DEMO_DIR, ".demo.json"), "utf8"))
  const pk = { "x-publishable-api-key": demo.publishableKey }
  const email = `shopper-${process.pid}@rl-demo.local`
  const reg = await api("/auth/customer/emailpass/register", { method: "POST", body: { email, password: "shopper-pw-1" } })
  const created = await api("/store/customers", { method: "POST", body: { email, first_name: "Sam", last_name: "Shopper" }, token: reg.data.token, headers: pk })
  expect(created.status).toBe(200)
  const login = await api("/auth/customer/emailpass", { method: "POST", body: { email, password: "shopper-pw-1" } })
  const as = { token: login.data.token, headers: pk }
  const first = await api("/store/rl/recommendations", { method: "POST", body: {}, ...as })
  const seed = first.data.recommendation.products[0]
  const cart = await api("/store/carts", { method: "POST", body: { region_id: demo.regionId, items: [{ variant_id: seed.variant_id, quantity: 1 }] }, ...as })
  expect(cart.status).toBe(200)
  const cartId = cart.data.cart.id
  const rec = (await api("/store/rl/recommendations", { method: "POST", body: { cart_id: cartId }, ...as })).data.recommendation
  const product = rec.products[0]
  expect((await api(`/store/rl/recommendations/${rec.id}/feedback`, { method: "POST", body: { type: "click", cart_id: cartId, product_id: product.id }, ...as })).status).toBe(200)
  await api(`/store/carts/${cartId}/line-items`, { method: "POST", body: { variant_id: product.variant_id, quantity: 2 }, ...as })
  await api(`/store/carts/${cartId}`, {
    method: "POST",
    body: { email, shipping_address: { first_name: "Sam", last_name: "Shopper", address_1: "1 High Street", city: "London", country_code: "gb", postal_code: "N1 1AA" } },
    ...as,
  })
  const { shipping_options } = (await api(`/store/shipping-options?cart_id=${cartId}`, as)).data
  await api(`/store/carts/${cartId}/shipping-methods`, { method: "POST", body: { option_id: shipping_options[0].id }, ...as })
  const pc = (await api("/store/payment-collections", { method: "POST", body: { cart_id: cartId }, ...as })).data.payment_collection
  await api(`/store/payment-collections/${pc.id}/payment-sessions`, { method: "POST", body: { provider_id: "pp_system_default" }, ...as })
  const done = await api(`/store/carts/${cartId}/complete`, { method: "POST", body: {}, ...as })
  expect(done.data.type, JSON.stringify(done.data)).toBe("order")
  return { customerId: created.data.customer.id, productId: product.id, decisionId: rec.id }
}

/** What the admin page did wrong, for a failure message. */
function watch(page: Page): string[] {
  const seen: string[] = []
  page.on("pageerror", (e) => seen.push(`page error: ${e.message}`))
  // the dev server refuses the dashboard's own font files (403): not ours, and harmless
  page.on("response", (r) => r.status() >= 400 && !r.url().endsWith(".ttf") && seen.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`))
  return seen
}

describe("the admin dashboard", () => {
  let page: Page
  let token: string
  let seen: string[]
  const failure = (e: Error) => new Error(`${e.message}\n${seen.join("\n")}\n${readLog().slice(-2000)}`)

  beforeAll(async () => {
    token = (await api("/auth/user/emailpass", { method: "POST", body: { email: "admin@rl-demo.local", password: "rl-demo-admin" } })).data.token
    // some guest traffic on three devices, so the charts have a mix to show (ε = 0.1 explores about 1 in 10)
    const pk = { "x-publishable-api-key": JSON.parse(readFileSync(path.join(ROOT, DEMO_DIR, ".demo.json"), "utf8")).publishableKey }
    for (let i = 0; i < 60; i++) {
      const device = ["desktop", "mobile", "tablet"][i % 3]
      expect((await api("/store/rl/recommendations", { method: "POST", body: { context: { device } }, headers: pk })).status).toBe(200)
    }
    page = await browser.newPage({ viewport: { width: 1440, height: 2000 }, acceptDownloads: true })
    seen = watch(page)
    // the first request compiles the dashboard (Vite, development mode)
    await page.goto(`${BASE}/app/login`, { timeout: 240_000 })
    await page.waitForSelector('input[name="email"]', { timeout: 240_000 }).catch((e) => {
      throw failure(e)
    })
    await page.fill('input[name="email"]', "admin@rl-demo.local")
    await page.fill('input[name="password"]', "rl-demo-admin")
    await page.click('button[type="submit"]')
    await page.waitForURL((u) => !u.pathname.includes("login"), { timeout: 60_000 })
  }, 300_000)

  afterAll(async () => {
    await page?.close()
  })

  it("shows the agent's KPIs, the charts, the trained model's convergence and the offline evaluation", async () => {
    await page.goto(`${BASE}/app/rl-recommendations`)
    await page.waitForSelector('[data-testid="rl-page"]', { timeout: 120_000 }).catch((e) => {
      throw failure(e)
    })
    // the demo loads the trained model: a non-empty Q-table; the storefront test served decisions
    const entries = page.locator('[data-testid="rl-kpi-entries-value"]')
    await expect.poll(async () => Number((await entries.innerText()).replace(/,/g, "")), { timeout: 30_000 }).toBeGreaterThan(1000)
    const decisions = page.locator('[data-testid="rl-kpi-decisions-value"]')
    await expect.poll(async () => Number((await decisions.innerText()).replace(/,/g, "")), { timeout: 30_000 }).toBeGreaterThan(0)
    for (const chart of ["rl-chart-reward", "rl-chart-strategies", "rl-chart-conversion", "rl-chart-segments", "rl-chart-convergence"]) {
      await page.waitForSelector(`[data-testid="${chart}"] svg.recharts-surface`, { timeout: 30_000 }).catch((e) => {
        throw failure(e)
      })
    }
    expect(await page.locator('[data-testid="rl-chart-strategies"] .recharts-bar-rectangle').count()).toBeGreaterThan(0)
    // the loaded model's training days (its replay of the history) and their reading
    expect(await page.locator('[data-testid="rl-convergence-reading"]').innerText()).toMatch(/^(Settling|Still moving|Drifting after a change): .* on 2011-12-09/)
    expect(await page.locator('[data-testid="rl-chart-convergence"] .recharts-line-curve').count()).toBeGreaterThanOrEqual(2)
    await page.waitForTimeout(800) // chart animations
    await page.screenshot({ path: path.join(SHOTS, "admin-dashboard.png") })

    await page.getByRole("tab", { name: "Evaluation" }).click()
    const rows = page.locator('[data-testid="rl-evaluation-table"] tbody tr')
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(10)
    expect(await page.locator('[data-testid="rl-evaluation-table"]').innerText()).toMatch(/Q-learning agent/i)
    expect(seen).toEqual([])
  }, 180_000)

  it("runs the tester for a customer and a built cart, and simulates feedback", async () => {
    await page.getByRole("tab", { name: "Tester" }).click()
    await page.locator('[data-testid="rl-tester-customer-option"]').first().click()
    await page.waitForSelector('[data-testid="rl-tester-customer"]')
    await page.locator('[data-testid="rl-tester-product-option"]').first().click()
    await page.locator('[data-testid="rl-tester-product-option"]').nth(1).click()
    expect(await page.locator('[data-testid="rl-tester-cart"]').innerText()).toMatch(/1 ×[\s\S]*1 ×/)
    await page.click('[data-testid="rl-tester-run"]')
    await page.waitForSelector('[data-testid="rl-tester-result"]', { timeout: 30_000 }).catch((e) => {
      throw failure(e)
    })
    expect(await page.locator('[data-testid="rl-tester-reason"]').innerText()).toMatch(/^(Greedy|Explored): .*propensity \d\.\d{3}/)
    expect(await page.locator('[data-testid^="rl-tester-q-"]').count()).toBe(6)
    expect(await page.locator('[data-testid="rl-tester-products"] > div').count()).toBeGreaterThan(0)
    await page.click('[data-testid="rl-tester-simulate-add_to_cart"]')
    const sim = page.locator('[data-testid="rl-tester-simulation"]')
    await sim.waitFor({ timeout: 30_000 })
    const [, before, after] = (await sim.innerText()).match(/from (-?[\d.]+) to (-?[\d.]+)/)!
    expect(Number(after)).toBeGreaterThan(Number(before)) // an add to cart raises Q
    await page.screenshot({ path: path.join(SHOTS, "admin-tester.png") })
    expect(seen).toEqual([])
  }, 120_000)

  it("creates a rule on the Rules tab, sees it in the audit log and applied in the tester", async () => {
    /** The tester's products for the first customer and the first two products, as shown. */
    const testerTitles = async () => {
      // through another tab: the tester starts empty again
      await page.getByRole("tab", { name: "History" }).click()
      await page.getByRole("tab", { name: "Tester" }).click()
      await page.locator('[data-testid="rl-tester-customer-option"]').first().click()
      await page.locator('[data-testid="rl-tester-product-option"]').first().click()
      await page.locator('[data-testid="rl-tester-product-option"]').nth(1).click()
      await page.click('[data-testid="rl-tester-run"]')
      await page.waitForSelector('[data-testid="rl-tester-products"] > div', { timeout: 30_000 })
      // every product says why it is there, in words
      expect(await page.locator('[data-testid="rl-tester-product-reason"]').count()).toBeGreaterThan(0)
      return page.locator('[data-testid="rl-tester-products"] > div .line-clamp-2').allInnerTexts()
    }
    const before = await testerTitles()
    const excluded = before[0]
    await page.getByRole("tab", { name: "Rules" }).click()
    await page.waitForSelector('[data-testid="rl-rules-empty"]', { timeout: 30_000 })
    await page.fill('[data-testid="rl-rule-product-search"]', excluded.slice(0, 12))
    await page.locator('[data-testid="rl-rule-product-option"]', { hasText: excluded }).first().click()
    expect(await page.locator('[data-testid="rl-rule-products"]').innerText()).toContain(excluded)
    await page.click('[data-testid="rl-rule-save"]')
    await expect.poll(() => page.locator('[data-testid="rl-rule-row"]').count(), { timeout: 30_000 }).toBe(1)
    await expect.poll(() => page.locator('[data-testid="rl-rule-audit"]').innerText().catch(() => ""), { timeout: 30_000 }).toMatch(/created “Exclude 1 product”/)
    await page.screenshot({ path: path.join(SHOTS, "admin-rules.png") })

    const after = await testerTitles()
    expect(after.length).toBeGreaterThan(0)
    expect(after).not.toContain(excluded)
    const { rules } = (await api("/admin/rl/rules", { token })).data
    expect(rules).toHaveLength(1)
    expect((await api(`/admin/rl/rules/${rules[0].id}`, { method: "DELETE", token })).status).toBe(200)
    expect(seen).toEqual([])
  }, 120_000)

  it("lists the decision history and exports the filtered set as CSV", async () => {
    await page.getByRole("tab", { name: "History" }).click()
    const rows = page.locator('[data-testid="rl-history"] tbody tr')
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(0)
    const total = (await api("/admin/rl/decisions?limit=1", { token })).data.count
    const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="rl-history-export"]')])
    const csv = readFileSync((await download.path())!, "utf8").trim().split("\n")
    expect(csv[0]).toMatch(/^id,created_at,placement,intent,anchor_product_id,strategy,explored,propensity/)
    expect(csv.length - 1).toBeGreaterThanOrEqual(total)
    expect(csv[1]).toMatch(/^rldec_/)
    await page.screenshot({ path: path.join(SHOTS, "admin-history.png") })
    expect(seen).toEqual([])
  }, 120_000)

  it("takes a snapshot, is refused its promotion with the reason, and rolls back to it after confirming", async () => {
    await page.getByRole("tab", { name: "Controls" }).click()
    await page.waitForSelector('[data-testid="rl-failed-none"]', { timeout: 30_000 }) // every reward job went through
    const before = (await api("/admin/rl/agent", { token })).data.agent.model_version
    const snapshots = page.locator('[data-testid="rl-snapshot-row"]')
    const count = await snapshots.count()
    await page.click('[data-testid="rl-snapshot-create"]')
    await expect.poll(() => snapshots.count(), { timeout: 30_000 }).toBe(count + 1)
    // promotion is gated by the snapshot's off-policy value on the live log: the demo's log is too young to judge it
    await snapshots.first().locator('[data-testid="rl-snapshot-promote"]').click()
    const refusal = page.getByRole("alertdialog")
    await expect.poll(() => refusal.innerText(), { timeout: 30_000 }).toMatch(/Not promoted[\s\S]*Not enough settled decisions: \d+ of the 100 needed[\s\S]*lower bound of its doubly-robust estimate/)
    await refusal.getByRole("button", { name: "Close" }).click()
    await snapshots.first().locator('[data-testid="rl-snapshot-restore"]').click()
    await page.getByRole("alertdialog").getByRole("button", { name: "Roll back" }).click()
    await expect.poll(async () => (await api("/admin/rl/agent", { token })).data.agent.model_version, { timeout: 30_000 }).toBe(before + 1)
    expect(seen).toEqual([])
  }, 120_000)

  it("shows the customer and product widgets", async () => {
    const shopper = await shopAsCustomer()
    // the order's rewards and the profile refresh go through the reward queue
    await expect
      .poll(async () => (await api(`/admin/rl/customers/${shopper.customerId}`, { token })).data.customer?.profile?.orders ?? 0, { timeout: 60_000 })
      .toBe(1)
    await page.goto(`${BASE}/app/customers/${shopper.customerId}`)
    const customerWidget = page.locator('[data-testid="rl-customer-widget"]')
    await customerWidget.waitFor({ timeout: 60_000 }).catch((e) => {
      throw failure(e)
    })
    await expect.poll(() => customerWidget.innerText(), { timeout: 30_000 }).toMatch(/Last recommendations \(2 in all\)/)
    expect(await customerWidget.innerText()).toMatch(/engagement/)
    await customerWidget.screenshot({ path: path.join(SHOTS, "admin-customer-widget.png") })

    await page.goto(`${BASE}/app/products/${shopper.productId}`)
    const productWidget = page.locator('[data-testid="rl-product-widget"]')
    await productWidget.waitFor({ timeout: 60_000 }).catch((e) => {
      throw failure(e)
    })
    await expect.poll(() => productWidget.innerText(), { timeout: 30_000 }).toMatch(/Recommended \d+ times?.*[1-9]\d* engagements?, [1-9]\d* orders?/s)
    await productWidget.screenshot({ path: path.join(SHOTS, "admin-product-widget.png") })
    expect(seen).toEqual([])
  }, 180_000)

  it("starts an experiment on the Experiments tab, sees both arms receive traffic, and stops it", async () => {
    await page.goto(`${BASE}/app/rl-recommendations`)
    await page.waitForSelector('[data-testid="rl-page"]', { timeout: 60_000 })
    await page.getByRole("tab", { name: "Experiments" }).click()
    await page.waitForSelector('[data-testid="rl-experiment-new"]', { timeout: 30_000 }).catch((e) => {
      throw failure(e)
    })
    // the defaults: the agent 80% against always popular 20%, conversions per decision
    await page.click('[data-testid="rl-experiment-start"]')
    await page.waitForSelector('[data-testid="rl-experiment-running"]', { timeout: 30_000 }).catch((e) => {
      throw failure(e)
    })
    const experiment = (await api("/admin/rl/experiments", { token })).data.experiments[0]
    expect(experiment).toMatchObject({ status: "running", name: "Agent vs popular", control_arm: "agent" })

    // shoppers arrive: 60 sessions, one recommendation each (20% of them expected in the popular arm)
    const pk = { "x-publishable-api-key": JSON.parse(readFileSync(path.join(ROOT, DEMO_DIR, ".demo.json"), "utf8")).publishableKey }
    for (let i = 0; i < 60; i++) {
      const res = await api("/store/rl/recommendations", { method: "POST", body: { context: { session_id: `browser-exp-${i}` } }, headers: pk })
      expect(res.status).toBe(200)
    }
    await page.reload()
    await page.getByRole("tab", { name: "Experiments" }).click()
    for (const arm of ["agent", "popular"]) {
      const cell = page.locator(`[data-testid="rl-experiment-arm-${arm}-decisions"]`)
      await expect.poll(async () => Number((await cell.innerText().catch(() => "0")).replace(/,/g, "")), { timeout: 60_000 }).toBeGreaterThan(0)
    }
    expect(await page.locator('[data-testid="rl-experiment-verdict"]').innerText()).toMatch(/Not enough data yet/)
    await page.locator('[data-testid="rl-experiment-results"]').screenshot({ path: path.join(SHOTS, "admin-experiment.png") })

    await page.click('[data-testid="rl-experiment-stop"]')
    await page.getByRole("alertdialog").getByRole("button", { name: "Stop" }).click()
    await page.waitForSelector('[data-testid="rl-experiment-new"]', { timeout: 30_000 })
    await page.waitForSelector('[data-testid="rl-experiments-past"]', { timeout: 30_000 })
    expect((await api(`/admin/rl/experiments/${experiment.id}`, { token })).data.experiment.status).toBe("stopped")
    expect(seen).toEqual([])
  }, 180_000)

  it("runs a candidate in shadow, sees how often it agrees and the promotion rule's verdict, and stops it", async () => {
    await page.goto(`${BASE}/app/rl-recommendations`)
    await page.waitForSelector('[data-testid="rl-page"]', { timeout: 60_000 })
    await page.getByRole("tab", { name: "Experiments" }).click()
    await page.waitForSelector('[data-testid="rl-shadow-new"]', { timeout: 30_000 }).catch((e) => {
      throw failure(e)
    })
    // the live table with more exploration than the agent's
    await page.fill('[data-testid="rl-shadow-epsilon"]', "0.3")
    await page.click('[data-testid="rl-shadow-start"]')
    await page.waitForSelector('[data-testid="rl-shadow-stop"]', { timeout: 30_000 }).catch((e) => {
      throw failure(e)
    })
    const shadow = (await api("/admin/rl/shadows", { token })).data.shadows[0]
    expect(shadow).toMatchObject({ status: "running", snapshot_id: null, epsilon: 0.3 })

    const pk = { "x-publishable-api-key": JSON.parse(readFileSync(path.join(ROOT, DEMO_DIR, ".demo.json"), "utf8")).publishableKey }
    for (let i = 0; i < 20; i++) {
      const res = await api("/store/rl/recommendations", { method: "POST", body: { context: { session_id: `browser-shadow-${i}` } }, headers: pk })
      expect(res.status).toBe(200)
    }
    await page.reload()
    await page.getByRole("tab", { name: "Experiments" }).click()
    const agreement = page.locator('[data-testid="rl-shadow-agreement"]')
    await expect.poll(() => agreement.innerText().catch(() => ""), { timeout: 60_000 }).toMatch(/^20 decisions shadowed; the candidate agreed with the served strategy in \d+(\.\d)?%/)
    // nothing has settled yet: the rule says so, and Promote is not offered
    expect(await page.locator('[data-testid="rl-shadow-verdict"]').innerText()).toMatch(/Not enough settled decisions: 0 of the 100 needed/)
    expect(await page.locator('[data-testid="rl-shadow-promote"]').isDisabled()).toBe(true)
    await page.locator('[data-testid="rl-shadow"]').screenshot({ path: path.join(SHOTS, "admin-shadow.png") })

    await page.click('[data-testid="rl-shadow-stop"]')
    await page.waitForSelector('[data-testid="rl-shadow-new"]', { timeout: 30_000 })
    expect((await api(`/admin/rl/shadows/${shadow.id}`, { token })).data.shadow.status).toBe("stopped")
    expect(seen).toEqual([])
  }, 180_000)

  it("raises an alert when a reward job fails, shows it on the Overview and in the admin's notification bell", async () => {
    // the forced condition: a reward job for a decision that does not exist, on the demo's own queue, without retries
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null })
    const rewards = new Queue("rl-rewards-rewards", { connection, prefix: `rl-browser-${process.pid}` })
    await rewards.add("reward", { decision_id: "rldec_browser_missing", kind: "engagement", source_event_id: "browser|alert" }, { jobId: "browser|alert", attempts: 1 })
    await expect.poll(async () => (await api("/admin/rl/failed-jobs", { token })).data.count, { timeout: 30_000 }).toBe(1)
    await rewards.close()
    connection.disconnect()

    await page.goto(`${BASE}/app/rl-recommendations`)
    await page.waitForSelector('[data-testid="rl-alerts"]', { timeout: 60_000 }).catch((e) => {
      throw failure(e)
    })
    // the scheduled check runs every minute; the button runs it now
    await page.click('[data-testid="rl-alerts-check"]')
    const firing = page.locator('[data-testid="rl-alert-firing"]')
    await firing.waitFor({ timeout: 30_000 }).catch((e) => {
      throw failure(e)
    })
    expect(await firing.innerText()).toMatch(/Reward jobs failed[\s\S]*1 failed reward job \(threshold 0 failed reward jobs\)/)
    expect(await page.locator('[data-testid="rl-alerts-badge"]').innerText()).toBe("1 alert firing")
    await page.locator('[data-testid="rl-alerts"]').screenshot({ path: path.join(SHOTS, "admin-alerts.png") })

    // Medusa's own bell (⌘/Ctrl+N opens its drawer): the feed's notifications, ours among them
    await page.reload()
    await page.waitForSelector('[data-testid="rl-alerts"]', { timeout: 60_000 })
    await page.keyboard.press("Control+KeyN")
    const drawer = page.getByRole("dialog")
    await drawer.waitFor({ timeout: 30_000 }).catch((e) => {
      throw failure(e)
    })
    await expect.poll(() => drawer.innerText(), { timeout: 60_000 }).toMatch(/Reward jobs failed[\s\S]*1 failed reward job[\s\S]*Controls → Failed reward jobs/)
    await page.screenshot({ path: path.join(SHOTS, "admin-alert-notification.png") })
    expect(seen).toEqual([])
  }, 180_000)
})
