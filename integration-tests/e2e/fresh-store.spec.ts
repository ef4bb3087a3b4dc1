import path from "path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { dataFile } from "../helpers/data"
import { dropDatabase, flushRedis, http, shellEnv, startLogged, type LoggedProcess } from "../helpers/demo-process"
import { FRESH_ROOT, packPlugin, prepareStore, run, storeConfig } from "../helpers/fresh-store"

/**
 * The plugin as a merchant gets it: `npm pack`, installed from the tarball
 * into a fresh store shaped like the official starter (one EUR region
 * holding gb, no default region, every product at 10), at both ends of the
 * Medusa range the package claims. Then the README's steps: migrate, the
 * store-side commands from node_modules, boot, and the store route.
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
    const rec = await http(base, "/store/rl/recommendations", { body: { cart_id: cart.data.cart.id, limit: 10 }, headers })
    expect(rec.status).toBe(200)
    const products = rec.data.recommendation.products
    expect(products).toHaveLength(10)
    expect(products.every((p: any) => p.price.currency_code === "eur")).toBe(true)
    const feedback = await http(base, `/store/rl/recommendations/${rec.data.recommendation.id}/feedback`, {
      body: { type: "click", product_id: products[0].id, cart_id: cart.data.cart.id },
      headers,
    })
    expect(feedback.status).toBe(200)
    expect(feedback.data.feedback.counted).toBe(true)
  })
})

afterAll(() => {
  console.log(`fresh stores in ${FRESH_ROOT}`)
})
