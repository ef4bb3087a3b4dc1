import { type ChildProcess, spawn } from "child_process"
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from "fs"
import path from "path"
import Redis from "ioredis"
import { Client } from "pg"
import { chromium, type Browser } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { dataFile } from "../helpers/data"
import { shellEnv } from "../helpers/demo-process"

/**
 * The whole loop in a browser: `npm run demo` (on the XLSX sample, in its own
 * folder, database and Redis DB), then the demo storefront in Debian's
 * Chromium — recommendations appear, one is added to the cart, checkout
 * completes — and the admin API shows the rewards the order earned.
 */
const ROOT = path.resolve(__dirname, "../..")
const PORT = 9123
const BASE = `http://localhost:${PORT}`
const DB = `rl_demo_browser_${process.pid}`
const REDIS_URL = process.env.RL_BROWSER_REDIS_URL ?? "redis://127.0.0.1:6379/2"
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"
const SCREENSHOT = path.join(ROOT, "docs", "screenshots", "storefront.png")

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

async function api(pathname: string, init: { method?: string; body?: unknown; token?: string } = {}) {
  const res = await fetch(`${BASE}${pathname}`, {
    method: init.method ?? "GET",
    headers: { "content-type": "application/json", ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
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
    [path.join(ROOT, "scripts/demo.mjs"), "--data", dataFile("online-retail-sample.xlsx"), "--port", String(PORT), "--db-name", DB, "--dir", ".cache/demo-browser"],
    {
      cwd: ROOT,
      env: { ...shellEnv(), REDIS_URL, DISABLE_ADMIN: "true", RL_QUEUE_PREFIX: `rl-browser-${process.pid}`, DATABASE_URL: "" },
      detached: true,
      stdio: ["ignore", out, out],
    }
  )
  closeSync(out)
  await waitFor(/Server is ready/, 420_000)
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  })
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
