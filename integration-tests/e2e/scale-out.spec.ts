import path from "path"
import { readFileSync } from "fs"
import { Client } from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { dataFile } from "../helpers/data"
import { MEDUSA_CLI, ROOT, dropDatabase, flushRedis, http, shellEnv, startLogged, type LoggedProcess } from "../../harness/demo-process"

/**
 * The production layout: one `server` process and one `worker` process
 * (Medusa workerMode) on the same PostgreSQL and Redis. The server serves
 * recommendations and has no reward worker; the worker serves no store
 * routes and processes the rewards of a checkout made on the server.
 */
const DIR = ".cache/demo-scale"
const DB = `rl_scale_${process.pid}`
const REDIS_URL = process.env.RL_SCALE_REDIS_URL ?? "redis://127.0.0.1:6379/3"
const SERVER = "http://localhost:9131"
const WORKER = "http://localhost:9132"

let server: LoggedProcess
let worker: LoggedProcess
let key: string
let regionId: string

beforeAll(async () => {
  await flushRedis(REDIS_URL)
  const env = { ...shellEnv(), REDIS_URL, DISABLE_ADMIN: "true", RL_QUEUE_PREFIX: `rl-scale-${process.pid}`, DATABASE_URL: "" }
  const setup = startLogged(
    [path.join(ROOT, "scripts/demo.mjs"), "--setup-only", "--data", dataFile("online-retail-sample.xlsx"), "--db-name", DB, "--dir", DIR],
    { cwd: ROOT, env, log: path.join(ROOT, ".cache", "demo-scale-setup.log") }
  )
  await setup.waitFor(/Set up in/, 420_000)
  await new Promise<void>((r) => (setup.child.exitCode !== null ? r() : setup.child.once("exit", () => r())))
  const config = JSON.parse(readFileSync(path.join(ROOT, DIR, ".demo.json"), "utf8"))
  key = config.publishableKey
  regionId = config.regionId
  const appEnv = { ...env, DATABASE_URL: `postgres://postgres@localhost:5432/${DB}`, NODE_ENV: "development" }
  const cwd = path.join(ROOT, DIR)
  server = startLogged([MEDUSA_CLI, "develop"], { cwd, env: { ...appEnv, MEDUSA_WORKER_MODE: "server", PORT: "9131" }, log: path.join(ROOT, ".cache", "demo-scale-server.log") })
  worker = startLogged([MEDUSA_CLI, "develop"], { cwd, env: { ...appEnv, MEDUSA_WORKER_MODE: "worker", PORT: "9132" }, log: path.join(ROOT, ".cache", "demo-scale-worker.log") })
  await Promise.all([server.waitFor(/Server is ready/, 180_000), worker.waitFor(/Server is ready/, 180_000)])
}, 600_000)

afterAll(async () => {
  await Promise.all([server?.stop(), worker?.stop()])
  await dropDatabase(DB)
  await flushRedis(REDIS_URL)
}, 60_000)

describe("one server process and one worker process", () => {
  it("serves recommendations from the server and processes the checkout's rewards on the worker", async () => {
    const store = { "x-publishable-api-key": key }
    // the worker serves no store routes; the server has no reward worker
    const onWorker = await http(WORKER, "/store/rl/recommendations", { body: {}, headers: store })
    expect(onWorker.status).toBe(404)

    const products = await http(SERVER, `/store/products?limit=5&region_id=${regionId}&fields=id,variants.id`, { headers: store })
    const { data: created } = await http(SERVER, "/store/carts", {
      body: { region_id: regionId, items: [{ variant_id: products.data.products[0].variants[0].id, quantity: 1 }] },
      headers: store,
    })
    const cartId = created.cart.id
    const rec = (await http(SERVER, "/store/rl/recommendations", { body: { cart_id: cartId }, headers: store })).data.recommendation
    expect(rec.id).toMatch(/^rldec_/)
    await http(SERVER, `/store/carts/${cartId}/line-items`, { body: { variant_id: rec.products[0].variant_id, quantity: 1 }, headers: store })
    await http(SERVER, `/store/carts/${cartId}`, {
      body: { email: "scale@example.com", shipping_address: { first_name: "S", last_name: "O", address_1: "1 St", city: "London", country_code: "gb", postal_code: "N1" } },
      headers: store,
    })
    const options = await http(SERVER, `/store/shipping-options?cart_id=${cartId}`, { headers: store })
    await http(SERVER, `/store/carts/${cartId}/shipping-methods`, { body: { option_id: options.data.shipping_options[0].id }, headers: store })
    const pc = await http(SERVER, "/store/payment-collections", { body: { cart_id: cartId }, headers: store })
    await http(SERVER, `/store/payment-collections/${pc.data.payment_collection.id}/payment-sessions`, { body: { provider_id: "pp_system_default" }, headers: store })
    const done = await http(SERVER, `/store/carts/${cartId}/complete`, { body: {}, headers: store })
    expect(done.data.type).toBe("order")

    const pg = new Client({ connectionString: `postgres://postgres@localhost:5432/${DB}` })
    await pg.connect()
    let kinds: string[] = []
    const deadline = Date.now() + 60_000
    while (!(kinds.includes("conversion") && kinds.includes("engagement")) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500))
      kinds = (await pg.query("SELECT kind FROM rl_reward WHERE decision_id = $1", [rec.id])).rows.map((r) => r.kind)
    }
    await pg.end()
    expect(kinds).toEqual(expect.arrayContaining(["engagement", "conversion", "revenue"]))

    // the roles, from the processes' own logs: only the worker consumed events and reward jobs
    expect(worker.read()).toMatch(/Processing order\.placed/)
    expect(server.read()).not.toMatch(/Processing order\.placed/)
    expect(server.read()).toMatch(/POST \/store\/rl\/recommendations/)
  }, 180_000)
})
