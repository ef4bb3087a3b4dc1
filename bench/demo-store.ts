/**
 * The demo store (`npm run demo`) in a folder, database and Redis DB of its
 * own, for the benchmark and fault scripts: started, set up with the
 * 5,000-line sample (or --data), and stopped again.
 */
import path from "path"
import { readFileSync } from "fs"
import { ROOT, dropDatabase, flushRedis, http, shellEnv, startLogged, type LoggedProcess } from "../harness/demo-process"

export type DemoStore = {
  base: string
  publishableKey: string
  regionId: string
  adminToken: string
  process: LoggedProcess
  /**
   * Waits until the server has processed no event for `quietMs` (at most
   * `maxMs`): the import's product, variant and stock events reach the
   * catalogue's subscriber for minutes after setup, and a benchmark measures
   * a store at rest.
   */
  eventsSettled(quietMs?: number, maxMs?: number): Promise<number>
  /** A cart holding the first two products a guest is recommended: what the benchmarks load. Returns its id. */
  benchCart(): Promise<string>
  stop(opts?: { keepDatabase?: boolean }): Promise<void>
}

export async function startDemoStore(opts: {
  name: string
  port: number
  redisUrl?: string
  data?: string
  env?: NodeJS.ProcessEnv
  log?: (msg: string) => void
  /** How long the set-up may take before the server is ready (default 10 min). */
  readyTimeoutMs?: number
}): Promise<DemoStore> {
  const dir = path.join(".cache", opts.name)
  const dbName = `rl_${opts.name.replace(/[^a-z0-9]/gi, "_")}`
  const redisUrl = opts.redisUrl ?? "redis://127.0.0.1:6379/5"
  await flushRedis(redisUrl).catch(() => undefined)
  // a fresh store each run (unless the caller brings its own database)
  if (!opts.env?.DATABASE_URL) await dropDatabase(dbName).catch(() => undefined)
  const data = opts.data ?? path.resolve(ROOT, "../shared/data/online-retail-sample.xlsx")
  const log = path.join(ROOT, ".cache", `${opts.name}.log`)
  opts.log?.(`starting the demo store on port ${opts.port} (log: ${path.relative(process.cwd(), log)})…`)
  const started = Date.now()
  const proc = startLogged(
    [path.join(ROOT, "scripts/demo.mjs"), "--data", data, "--port", String(opts.port), "--db-name", dbName, "--dir", dir],
    {
      cwd: ROOT,
      log,
      env: {
        ...shellEnv(),
        REDIS_URL: redisUrl,
        DATABASE_URL: "",
        DISABLE_ADMIN: "true",
        RL_QUEUE_PREFIX: `rl-${opts.name}`,
        ...(opts.env ?? {}),
      },
    }
  )
  await proc.waitFor(/Server is ready/, opts.readyTimeoutMs ?? 600_000)
  opts.log?.(`ready in ${((Date.now() - started) / 1000).toFixed(0)} s`)
  const base = `http://localhost:${opts.port}`
  const demo = JSON.parse(readFileSync(path.join(ROOT, dir, ".demo.json"), "utf8"))
  const login = await http(base, "/auth/user/emailpass", { body: { email: "admin@rl-demo.local", password: "rl-demo-admin" } })
  if (login.status !== 200) throw new Error(`admin login failed: ${login.status} ${JSON.stringify(login.data)}`)
  return {
    base,
    publishableKey: demo.publishableKey,
    regionId: demo.regionId,
    adminToken: login.data.token,
    process: proc,
    eventsSettled: async (quietMs = 10_000, maxMs = 600_000) => {
      const started = Date.now()
      const count = () => (proc.read().match(/Processing [^ ]+ /g) ?? []).length
      let seen = count()
      let quietSince = Date.now()
      while (Date.now() - quietSince < quietMs && Date.now() - started < maxMs) {
        await new Promise((r) => setTimeout(r, 1000))
        const now = count()
        if (now !== seen) {
          seen = now
          quietSince = Date.now()
        }
      }
      return Date.now() - started
    },
    benchCart: async () => {
      const headers = { "x-publishable-api-key": demo.publishableKey }
      const rec = (await http(base, "/store/rl/recommendations", { body: {}, headers })).data.recommendation
      const cart = await http(base, "/store/carts", {
        body: { region_id: demo.regionId, items: rec.products.slice(0, 2).map((p: any) => ({ variant_id: p.variant_id, quantity: 1 })) },
        headers,
      })
      if (cart.status !== 200) throw new Error(`cart: ${cart.status} ${JSON.stringify(cart.data)}`)
      return cart.data.cart.id as string
    },
    stop: async ({ keepDatabase = false } = {}) => {
      await proc.stop()
      if (!keepDatabase) await dropDatabase(dbName).catch(() => undefined)
    },
  }
}
