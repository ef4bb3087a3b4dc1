import path from "path"
import type { Browser, BrowserContext, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { launchChromium } from "../helpers/browser"
import { dataFile } from "../helpers/data"
import { dropDatabase, flushRedis, http, shellEnv, startLogged, type LoggedProcess } from "../../harness/demo-process"
import { FRESH_ROOT, packPlugin, prepareStore, run, storeConfig } from "../helpers/fresh-store"
import { buildNextExample, packStorefront, startNextExample, type NextExample } from "../helpers/nextjs-example"

/**
 * The plugin as a merchant gets it: `npm pack`, installed from the tarball
 * into a fresh store shaped like the official starter (one EUR region
 * holding gb, no default region, every product at 10), at both ends of the
 * Medusa range the package claims. Then the README's steps: migrate, the
 * store-side commands from node_modules, boot, and the store route. In the
 * newest store, the Next.js example storefront (examples/nextjs-storefront)
 * is built against it and driven in Chromium.
 */
const VERSIONS = (process.env.RL_FRESH_STORE_VERSIONS ?? "2.12.6,2.21.2").split(",").map((v) => v.trim())
const REDIS_URL = process.env.RL_FRESH_REDIS_URL ?? "redis://127.0.0.1:6379/4"

let pack: ReturnType<typeof packPlugin>

beforeAll(() => {
  pack = packPlugin()
}, 300_000)

describe("the packed tarball", () => {
  it("holds the built plugin, the bin and the pre-trained model, and none of the repository's own tooling", () => {
    const files = pack.files
    for (const f of [
      "LICENSE",
      "README.md",
      "bin/rl-recommendations.js",
      "reports/model.json",
      "reports/evaluation.json",
      ".medusa/server/src/modules/rl-agent/index.js",
      ".medusa/server/src/admin/index.mjs",
      ".medusa/server/src/scripts/import-online-retail.js",
      ".medusa/server/src/scripts/load-model.js",
      ".medusa/server/src/evaluation/ope.js",
    ]) {
      expect(files, f).toContain(f)
    }
    expect(files).not.toContain(".medusa/server/medusa-config.js")
    expect(files).not.toContain(".medusa/server/src/evaluation/cli.js")
    expect(files.filter((f) => f.endsWith(".map") || f.includes("__tests__") || f.startsWith("integration-tests"))).toEqual([])
    expect(files.filter((f) => f.startsWith(".medusa/server/packages"))).toEqual([])
  })
})

describe.each(VERSIONS)("a fresh store on Medusa %s", (version) => {
  const db = `rl_fresh_${version.replace(/\W/g, "")}_${process.pid}`
  const port = 9400 + VERSIONS.indexOf(version)
  const base = `http://localhost:${port}`
  let dir: string
  let env: NodeJS.ProcessEnv
  let server: LoggedProcess | undefined
  const steps: Record<string, { status: number; output: string }> = {}
  const npx = (args: string[], log: string) => run("npx", args, { cwd: dir, env, log: path.join(dir, `${log}.log`) })

  beforeAll(async () => {
    dir = prepareStore(version, pack.tarball)
    env = {
      ...shellEnv(),
      DATABASE_URL: `postgres://postgres@localhost:5432/${db}`,
      RL_REDIS_URL: REDIS_URL,
      RL_QUEUE_PREFIX: `rl-fresh-${version}-${process.pid}`,
      RL_CUSTOMER_HASH_SECRET: "fresh-store-secret",
      PORT: String(port),
    }
    steps.install = run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: dir, env, log: path.join(dir, "install.log") })
    if (steps.install.status !== 0) return
    await dropDatabase(db)
    run("createdb", ["-h", "localhost", "-U", "postgres", db], { cwd: dir })
    steps.migrate = npx(["medusa", "db:migrate"], "migrate")
    steps.seed = npx(["medusa", "exec", "./src/scripts/seed.ts"], "seed")
    // the README's store-side commands, from the installed package
    steps.import = npx(["rl-recommendations", "import", dataFile("online-retail-sample.xlsx"), "--price-in", "eur=1.17"], "import")
    steps.loadModel = npx(["rl-recommendations", "load-model"], "load-model")
    server = startLogged([require.resolve("@medusajs/cli/cli.js", { paths: [dir] }), "develop"], {
      cwd: dir,
      env,
      log: path.join(dir, "develop.log"),
    })
    await server.waitFor(/Server is ready/, 240_000)
  }, 1_200_000)

  afterAll(async () => {
    await server?.stop()
    await dropDatabase(db).catch(() => undefined)
    await flushRedis(REDIS_URL).catch(() => undefined)
  }, 60_000)

  it("installs from the tarball without peer conflicts, migrates, and runs the store-side commands", () => {
    expect(steps.install.status, steps.install.output.slice(-3000)).toBe(0)
    expect(steps.install.output).not.toMatch(/ERESOLVE/)
    expect(steps.migrate.status, steps.migrate.output.slice(-3000)).toBe(0)
    expect(steps.migrate.output).not.toMatch(/Failed with error/)
    expect(steps.seed.status, steps.seed.output.slice(-3000)).toBe(0)
    expect(steps.import.status, steps.import.output.slice(-3000)).toBe(0)
    // gb is in the starter's EUR region: the import says so, prices in EUR at the given rate, and leaves the default region alone
    expect(steps.import.output).toMatch(/created the region "Online Retail \(GBP\)" in GBP .* without countries/)
    expect(steps.import.output).toMatch(/priced in EUR too, at 1\.17 per £/)
    expect(steps.import.output).not.toMatch(/default region\b.*made/)
    expect(steps.loadModel.status, steps.loadModel.output.slice(-3000)).toBe(0)
    expect(steps.loadModel.output).toMatch(/Loaded \d+ Q values as model version \d+/)
  })

  it("loads every sales channel × region catalogue when the server starts, before any request", async () => {
    // the seed's channel (with its publishable key) × Europe (EUR) and the import's GBP region
    await server!.waitFor(/catalogue warm-up: \d+ of \d+ snapshots/, 120_000)
    const [, loaded, keys] = /catalogue warm-up: (\d+) of (\d+) snapshots/.exec(server!.read())!
    expect(Number(keys)).toBeGreaterThanOrEqual(2)
    expect(loaded).toBe(keys)
  })

  it("recommends to a guest (no default region) and to a cart in the EUR region, imported products included", async () => {
    const { publishable_key, region_id } = storeConfig(dir)
    const headers = { "x-publishable-api-key": publishable_key }
    const guest = await http(base, "/store/rl/recommendations", { body: {}, headers })
    expect(guest.status, JSON.stringify(guest.data)).toBe(200)
    expect(guest.data.recommendation.products.length).toBeGreaterThan(0)
    // two regions now (Europe and the import's GBP one), no default: the store's default currency decides
    expect(guest.data.recommendation.region).toMatchObject({ id: region_id, currency_code: "eur", source: "default_currency" })

    const cart = await http(base, "/store/carts", { body: { region_id }, headers })
    expect(cart.status).toBe(200)
    const inCart = guest.data.recommendation.products[0]
    const added = await http(base, `/store/carts/${cart.data.cart.id}/line-items`, { body: { variant_id: inCart.variant_id, quantity: 2 }, headers })
    expect(added.status, JSON.stringify(added.data)).toBe(200)
    const rec = await http(base, "/store/rl/recommendations", { body: { cart_id: cart.data.cart.id, limit: 10 }, headers })
    expect(rec.status).toBe(200)
    const products = rec.data.recommendation.products
    expect(products).toHaveLength(10)
    expect(products.every((p: any) => p.price.currency_code === "eur")).toBe(true)
    expect(products.map((p: any) => p.id)).not.toContain(inCart.id)
    // the one-statement cart read agreed with this Medusa's cart module, so it was kept
    expect(server!.read()).not.toMatch(/reading carts through the cart module/)
    const feedback = await http(base, `/store/rl/recommendations/${rec.data.recommendation.id}/feedback`, {
      body: { type: "click", product_id: products[0].id, cart_id: cart.data.cart.id },
      headers,
    })
    expect(feedback.status).toBe(200)
    expect(feedback.data.feedback.counted).toBe(true)
  })

  describe.runIf(version === VERSIONS[VERSIONS.length - 1])("the Next.js example storefront", () => {
    const NEXT_PORT = 9410
    const next = `http://127.0.0.1:${NEXT_PORT}`
    const COUNTRY = "dk"
    const ADMIN = { email: "admin@fresh-store.test", password: "fresh-admin-secret" }
    const SHOPPER = { email: `shopper-${process.pid}@fresh-store.test`, password: "shopper-secret" }
    let example: NextExample
    let nextServer: LoggedProcess | undefined
    let browser: Browser
    let adminToken: string
    let customerId: string

    const admin = (pathname: string) => http(base, pathname, { headers: { authorization: `Bearer ${adminToken}` } })
    /** Polls the admin decision log until `check` holds (rewards reach it through the queue). */
    async function decisionsUntil(query: string, check: (decisions: any[]) => boolean, ms = 30_000): Promise<any[]> {
      const deadline = Date.now() + ms
      let last: any
      while (Date.now() < deadline) {
        last = await admin(`/admin/rl/decisions?${query}`)
        if (last.status === 200 && check(last.data.decisions)) return last.data.decisions
        await new Promise((r) => setTimeout(r, 500))
      }
      throw new Error(`decisions ${query} never matched: ${JSON.stringify(last?.data).slice(0, 3000)}`)
    }
    const strip = (page: Page) => page.getByTestId("rl-recommendations")

    beforeAll(async () => {
      const { publishable_key } = storeConfig(dir)
      example = buildNextExample({ storefrontTarball: packStorefront(), backendUrl: base, publishableKey: publishable_key, countryCode: COUNTRY })
      if (example.steps.build.status !== 0) return
      nextServer = await startNextExample(example, NEXT_PORT, { backendUrl: base, publishableKey: publishable_key })
      // the merchant's admin (to read the decision log) and a registered shopper
      npx(["medusa", "user", "-e", ADMIN.email, "-p", ADMIN.password], "admin-user")
      adminToken = (await http(base, "/auth/user/emailpass", { body: ADMIN })).data.token
      const reg = await http(base, "/auth/customer/emailpass/register", { body: SHOPPER })
      const created = await http(base, "/store/customers", {
        body: { email: SHOPPER.email, first_name: "Ada" },
        headers: { authorization: `Bearer ${reg.data.token}`, "x-publishable-api-key": publishable_key },
      })
      customerId = created.data.customer.id
      browser = await launchChromium()
    }, 900_000)

    afterAll(async () => {
      await browser?.close()
      await nextServer?.stop()
    }, 60_000)

    it("installs from its lockfile and the storefront tarball, and builds with type-checking on", () => {
      for (const step of ["install", "storefront", "build"] as const) {
        expect(example.steps[step].status, `${step}:\n${example.steps[step].output.slice(-3000)}`).toBe(0)
      }
      expect(example.steps.build.output).toMatch(/Checking validity of types/)
    })

    it("renders recommendations into the product page's HTML on the server, for a guest with no cart", async () => {
      const res = await fetch(`${next}/${COUNTRY}/products/t-shirt`)
      expect(res.status).toBe(200)
      const html = await res.text()
      expect(html).toContain("Medusa T-Shirt")
      expect(html).toMatch(/data-testid="rl-recommendations"[^>]*data-recommendation-id="[^"]+"/)
      expect((html.match(/data-testid="rl-recommendation"/g) ?? []).length).toBeGreaterThan(0)
    })

    it("a guest adds to cart on a product page, the cart page recommends for that cart, and its add to cart and view reach the admin", async () => {
      const context: BrowserContext = await browser.newContext()
      const page = await context.newPage()
      await page.goto(`${next}/${COUNTRY}/products/t-shirt`)
      await expect.poll(() => strip(page).count()).toBe(1)
      expect(await strip(page).getAttribute("data-placement")).toBe("product")
      const pageRecId = await strip(page).getAttribute("data-recommendation-id")
      await page.getByTestId("add-to-cart").click()
      await expect.poll(() => page.getByTestId("nav-cart").textContent(), { timeout: 20_000 }).toBe("Cart (1)")
      // the cart id and nothing else the browser could read: httpOnly, as in the starter
      const cartCookie = (await context.cookies()).find((c) => c.name === "_medusa_cart_id")
      expect(cartCookie?.httpOnly).toBe(true)
      expect(await page.evaluate(() => document.cookie)).not.toContain("_medusa_cart_id")
      const cartId = cartCookie!.value

      await page.goto(`${next}/${COUNTRY}/cart`)
      await expect.poll(() => page.getByTestId("cart-item").count()).toBe(1)
      await expect.poll(() => strip(page).count()).toBe(1)
      const recId = await strip(page).getAttribute("data-recommendation-id")
      const first = page.getByTestId("rl-recommendation").first()
      const productId = await first.getAttribute("data-product-id")
      await first.getByRole("button", { name: "Add to cart" }).click()
      await expect.poll(() => page.getByTestId("cart-item").count(), { timeout: 20_000 }).toBe(2)
      expect(await page.getByTestId("cart-item").nth(1).getAttribute("data-product-id")).toBe(productId)

      // the served decision, in the admin API, for this cart: the view and one engagement for the add
      const decisions = await decisionsUntil(`cart_id=${cartId}`, (ds) => {
        const d = ds.find((x) => x.id === recId)
        return !!d && d.rewards.some((r: any) => r.kind === "view") && d.rewards.some((r: any) => r.kind === "engagement")
      })
      const served = decisions.find((d) => d.id === recId)
      expect(served.product_ids).toContain(productId)
      // the line item (server-side) and the widget's add_to_cart feedback are one engagement, not two
      expect(served.rewards.filter((r: any) => r.kind === "engagement")).toHaveLength(1)

      // the product page's list, served before there was a cart: built around the T-shirt, and its
      // view still reached it, with the recommendation's token as the only proof
      const pages = await decisionsUntil("placement=product", (ds) => ds.some((d) => d.id === pageRecId && d.rewards.some((r: any) => r.kind === "view")))
      const pageDecision = pages.find((d) => d.id === pageRecId)
      expect(pageDecision.cart_id ?? null).toBeNull()
      expect(pageDecision.anchor_product_id).toMatch(/^prod_/)
      expect(pageDecision.product_ids).not.toContain(pageDecision.anchor_product_id)
      await context.close()
    })

    it("a signed-in shopper's token stays in an httpOnly cookie, their recommendations are logged as theirs, and a click that navigates away is counted", async () => {
      const context = await browser.newContext()
      const page = await context.newPage()
      await page.goto(`${next}/${COUNTRY}/account`)
      await page.getByPlaceholder("Email").fill(SHOPPER.email)
      await page.getByPlaceholder("Password").fill(SHOPPER.password)
      await page.getByTestId("sign-in").click()
      await expect.poll(() => page.getByTestId("account-email").textContent().catch(() => null), { timeout: 20_000 }).toBe(SHOPPER.email)
      const jwt = (await context.cookies()).find((c) => c.name === "_medusa_jwt")
      expect(jwt?.httpOnly).toBe(true)
      expect(await page.evaluate(() => document.cookie)).not.toContain("_medusa_jwt")

      await page.goto(`${next}/${COUNTRY}/products/sweatshirt`)
      await expect.poll(() => strip(page).count()).toBe(1)
      const recId = await strip(page).getAttribute("data-recommendation-id")
      const link = page.getByTestId("rl-recommendation").first().locator("a")
      const href = await link.getAttribute("href")
      await link.click()
      await page.waitForURL((u) => u.pathname === href)

      // no cart: the decision is the customer's (the token went with the server's call), and the click by beacon reached it
      const decisions = await decisionsUntil(`customer_id=${customerId}`, (ds) =>
        ds.some((d) => d.id === recId && d.rewards.some((r: any) => r.kind === "engagement"))
      )
      expect(decisions.find((d) => d.id === recId).cart_id ?? null).toBeNull()
      await context.close()
    })

    it("its feedback route handler answers bad input with a 400 that says what to fix, and passes the store's refusal through", async () => {
      const post = (body: string) => fetch(`${next}/api/rl/feedback`, { method: "POST", body }).then(async (r) => ({ status: r.status, data: await r.json() }))
      const notJson = await post("{")
      expect(notJson.status).toBe(400)
      expect(notJson.data.message).toMatch(/must be JSON/)
      const badType = await post(JSON.stringify({ recommendation_id: "rec_1", type: "buy" }))
      expect(badType.status).toBe(400)
      expect(badType.data.message).toMatch(/type must be one of view, click, add_to_cart, dismiss/)
      // a recommendation this (cookie-less) caller was never served: the store refuses, and says so
      const foreign = await post(JSON.stringify({ recommendation_id: "rlrec_not_served", type: "click", product_id: "prod_x" }))
      expect(foreign.status).toBe(404)
      expect(foreign.data.message).toMatch(/rlrec_not_served/)
    })
  })
})

afterAll(() => {
  console.log(`fresh stores in ${FRESH_ROOT}`)
})
