/**
 * npm run test:faults -- [--only load,redis,postgres,worker] [--load-seconds 60] [--connections 2000] [--port 9170]
 *
 * The demo store under load while its dependencies fail, on servers this
 * script owns: an embedded PostgreSQL (port 5436, <tmp>/medusa-rl-faults-pg) and a
 * redis-server for the plugin's queue (port 6390); Medusa's own event bus and
 * workflow engine stay on the local Redis. Prints, per phase, what the
 * clients saw (statuses, degraded flags, latency) and the counts that show
 * nothing was lost.
 *
 *   load      2,000 concurrent connections for 60 s on POST /store/rl/recommendations
 *   redis     the plugin's Redis killed (SIGKILL; it persists with AOF) for 30 s under load: recommendations keep
 *             being served (flagged degraded) and logged (every answer is one decision in the log, whose
 *             abandonment check the sweep enqueues later); jobs kept in the Postgres outbox meanwhile
 *             reach the queue when Redis is back
 *   postgres  PostgreSQL stopped for 10 s under load: 503 with a message while it
 *             is down, 200 again after, without restarting Medusa
 *
 *   worker    `npm run bench:rewards -- --kill`: reward worker processes SIGKILLed
 *             at 30% of 20,000 queued rewards; a new worker finishes; every reward
 *             is applied exactly once (also a module test: reward-queue.spec.ts)
 */
import { spawn, spawnSync, type ChildProcess } from "child_process"
import { mkdirSync, rmSync } from "fs"
import os from "os"
import path from "path"
import Redis from "ioredis"
import { Client } from "pg"
import { ROOT, http } from "../harness/demo-process"
import { startDemoStore, type DemoStore } from "./demo-store"
import { arg, percentile, printTable } from "./util"
// eslint-disable-next-line @typescript-eslint/no-var-requires
const autocannon = require("autocannon")

const PLUGIN_REDIS_PORT = 6390
const PG_PORT = 5436
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const only = (process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : "load,redis,postgres,worker").split(",")
// ESM helper from a CommonJS script
const importEsm = new Function("p", "return import(p)") as (p: string) => Promise<any>

// the queue's Redis persists every write (AOF, fsync always), as a production queue should: a crash loses nothing it acknowledged
const REDIS_DIR = path.join(os.tmpdir(), "medusa-rl-faults-redis")

function startRedis(): ChildProcess {
  mkdirSync(REDIS_DIR, { recursive: true })
  return spawn(
    "redis-server",
    ["--port", String(PLUGIN_REDIS_PORT), "--dir", REDIS_DIR, "--save", "", "--appendonly", "yes", "--appendfsync", "always"],
    { stdio: "ignore" }
  )
}

async function waitRedis(up: boolean) {
  for (let i = 0; i < 100; i++) {
    const r = new Redis({ port: PLUGIN_REDIS_PORT, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
    r.on("error", () => undefined)
    const ok = await r.connect().then(() => r.ping()).then(() => true, () => false)
    r.disconnect()
    if (ok === up) return
    await sleep(100)
  }
  throw new Error(`redis did not come ${up ? "up" : "down"}`)
}

type Sample = { t: number; status: number; degraded: boolean; ms: number; message: string | null }

/** `workers` clients in a loop until `stop()`: each records status, degraded flag and latency. */
function loadLoop(store: DemoStore, workers: number, bodyOf: (w: number) => unknown) {
  const samples: Sample[] = []
  let running = true
  const t0 = Date.now()
  const loops = Array.from({ length: workers }, async (_, w) => {
    while (running) {
      const started = performance.now()
      try {
        const ctl = new AbortController()
        const timer = setTimeout(() => ctl.abort(), 30_000)
        const res = await fetch(`${store.base}/store/rl/recommendations`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-publishable-api-key": store.publishableKey },
          body: JSON.stringify(bodyOf(w)),
          signal: ctl.signal,
        })
        clearTimeout(timer)
        const data: any = await res.json().catch(() => null)
        samples.push({ t: Date.now() - t0, status: res.status, degraded: !!data?.recommendation?.degraded, ms: performance.now() - started, message: data?.message ?? null })
      } catch {
        samples.push({ t: Date.now() - t0, status: 0, degraded: false, ms: performance.now() - started, message: null })
        await sleep(50)
      }
    }
  })
  return {
    samples,
    async stop() {
      running = false
      await Promise.all(loops)
    },
  }
}

function summarise(phase: string, samples: Sample[]) {
  const byStatus: Record<string, number> = {}
  for (const s of samples) byStatus[s.status || "none"] = (byStatus[s.status || "none"] ?? 0) + 1
  const ms = samples.map((s) => s.ms)
  return {
    phase,
    requests: samples.length,
    statuses: Object.entries(byStatus).map(([k, v]) => `${k}:${v}`).join(" "),
    degraded: samples.filter((s) => s.degraded).length,
    "p50 ms": percentile(ms, 0.5).toFixed(0),
    "p99 ms": percentile(ms, 0.99).toFixed(0),
    "max ms": Math.max(0, ...ms).toFixed(0),
  }
}

async function carts(store: DemoStore, n: number): Promise<string[]> {
  const headers = { "x-publishable-api-key": store.publishableKey }
  const rec = (await http(store.base, "/store/rl/recommendations", { body: {}, headers })).data.recommendation
  const ids: string[] = []
  for (let i = 0; i < n; i++) {
    const c = await http(store.base, "/store/carts", { body: { region_id: store.regionId, items: [{ variant_id: rec.products[i % rec.products.length].variant_id, quantity: 1 }] }, headers })
    ids.push(c.data.cart.id)
  }
  return ids
}

async function loadScenario(store: DemoStore) {
  const seconds = arg("load-seconds", 60)
  const connections = arg("connections", 2000)
  console.log(`\n## load: ${connections} connections for ${seconds} s on POST /store/rl/recommendations (guest)\n`)
  const latencies: number[] = []
  const r: any = await new Promise((resolve, reject) => {
    const inst = autocannon(
      {
        url: `${store.base}/store/rl/recommendations`,
        method: "POST",
        connections,
        duration: seconds,
        timeout: 30,
        headers: { "content-type": "application/json", "x-publishable-api-key": store.publishableKey },
        body: "{}",
      },
      (err: Error | null, res: unknown) => (err ? reject(err) : resolve(res))
    )
    inst.on("response", (_c: unknown, _s: number, _b: number, ms: number) => latencies.push(ms))
  })
  const total = r.requests.total + r.errors + r.timeouts
  printTable([
    {
      connections,
      seconds,
      "req/s": (r.requests.total / seconds).toFixed(0),
      responses: r.requests.total,
      "2xx": r["2xx"],
      "non-2xx": r.non2xx,
      "errors+timeouts": r.errors + r.timeouts,
      "error rate": ((r.non2xx + r.errors + r.timeouts) / Math.max(1, total) * 100).toFixed(2) + "%",
      "p50 ms": percentile(latencies, 0.5).toFixed(0),
      "p99 ms": percentile(latencies, 0.99).toFixed(0),
    },
  ])
}

async function redisScenario(store: DemoStore, redis: { proc: ChildProcess }, pg: Client) {
  console.log("\n## redis: the plugin's Redis stopped for 30 s under load (32 clients, each on its own cart)\n")
  const cartIds = await carts(store, 32)
  const since = new Date()
  const load = loadLoop(store, 32, (w) => ({ cart_id: cartIds[w] }))
  await sleep(10_000)
  const down = Date.now()
  redis.proc.kill("SIGKILL")
  await waitRedis(false)
  let outboxPeak = 0
  while (Date.now() - down < 30_000) {
    const h = await http(store.base, "/admin/rl/health", { headers: { authorization: `Bearer ${store.adminToken}` } })
    outboxPeak = Math.max(outboxPeak, h.data?.outbox?.pending ?? 0)
    await sleep(2000)
  }
  redis.proc = startRedis()
  await waitRedis(true)
  const up = Date.now()
  await sleep(15_000)
  await load.stop()
  // wait for the outbox to drain
  let pending = -1
  for (let i = 0; i < 60 && pending !== 0; i++) {
    pending = (await http(store.base, "/admin/rl/health", { headers: { authorization: `Bearer ${store.adminToken}` } })).data?.outbox?.pending ?? -1
    if (pending !== 0) await sleep(1000)
  }
  const t0 = down - 10_000
  const phases = [
    summarise("before (10 s)", load.samples.filter((s) => s.t < down - t0)),
    summarise("Redis down (30 s)", load.samples.filter((s) => s.t >= down - t0 && s.t < up - t0)),
    summarise("after (15 s)", load.samples.filter((s) => s.t >= up - t0)),
  ]
  printTable(phases)
  // every answer served, outage or not, is one decision in the log: the worker's sweep hands each
  // its abandonment check when the window closes (integration-tests/modules/abandonment-sweep.spec.ts)
  const { rows } = await pg.query(`SELECT count(*)::int AS n FROM rl_decision WHERE cart_id = ANY($1) AND created_at >= $2`, [cartIds, since])
  const served = load.samples.filter((s) => s.status === 200).length
  console.log(
    `\ndecisions logged: ${rows[0].n} for ${served} answers served; served degraded: ${phases[1].degraded}; ` +
      `outbox peak ${outboxPeak}, now ${pending}`
  )
  return rows[0].n === served && pending === 0
}

async function postgresScenario(store: DemoStore, embedded: any) {
  console.log("\n## postgres: PostgreSQL stopped for 10 s under load (16 clients, guests)\n")
  const load = loadLoop(store, 16, () => ({}))
  await sleep(10_000)
  const down = Date.now()
  await embedded.stop()
  await sleep(10_000)
  await embedded.start()
  const up = Date.now()
  await sleep(15_000)
  await load.stop()
  const t0 = down - 10_000
  const during = load.samples.filter((s) => s.t >= down - t0 && s.t < up - t0)
  printTable([
    summarise("before (10 s)", load.samples.filter((s) => s.t < down - t0)),
    summarise("Postgres down (10 s)", during),
    summarise("after (15 s)", load.samples.filter((s) => s.t >= up - t0)),
  ])
  const messages = [...new Set(during.filter((s) => s.status >= 400).map((s) => `${s.status} ${s.message}`))]
  console.log(`\nwhat clients were told while it was down: ${JSON.stringify(messages.slice(0, 3))}`)
  const after = load.samples.filter((s) => s.t >= up - t0 + 5000)
  return after.length > 0 && after.every((s) => s.status === 200) && during.every((s) => s.status < 500 || s.status === 503)
}

async function main() {
  const { resolvePostgres } = await importEsm(path.join(ROOT, "scripts/demo-services.mjs"))
  const pgService = await resolvePostgres({ dbName: "rl_faults", forceEmbedded: true, embeddedPort: PG_PORT, embeddedDir: path.join(os.tmpdir(), "medusa-rl-faults-pg"), log: console.log })
  rmSync(REDIS_DIR, { recursive: true, force: true })
  const redis = { proc: startRedis() }
  await waitRedis(true)
  let store: DemoStore | null = null
  const pg = new Client({ connectionString: pgService.url })
  let ok = true
  try {
    store = await startDemoStore({
      name: "bench-faults",
      port: arg("port", 9170),
      redisUrl: "redis://127.0.0.1:6379/6",
      env: { DATABASE_URL: pgService.url, RL_REDIS_URL: `redis://127.0.0.1:${PLUGIN_REDIS_PORT}`, RL_QUEUE_PREFIX: "rl-faults", RL_RATE_LIMIT: "off" },
      log: console.log,
    })
    await pg.connect()
    pg.on("error", () => undefined)
    if (only.includes("load")) await loadScenario(store)
    if (only.includes("redis")) ok = (await redisScenario(store, redis, pg)) && ok
    if (only.includes("postgres")) ok = (await postgresScenario(store, pgService.embedded)) && ok
  } finally {
    await pg.end().catch(() => undefined)
    await store?.stop({ keepDatabase: true })
    redis.proc.kill("SIGKILL")
    await pgService.embedded?.stop().catch(() => undefined)
  }
  if (only.includes("worker")) {
    console.log("\n## worker: reward workers SIGKILLed mid-run (npm run bench:rewards -- --kill)\n")
    const r = spawnSync(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", path.join(ROOT, "bench/rewards.ts"), "--events", "20000", "--rate", "1000", "--seconds", "5", "--kill"],
      { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] }
    )
    ok = r.status === 0 && ok
  }
  console.log(ok ? "\nall fault checks passed" : "\nSOME FAULT CHECKS FAILED")
  process.exitCode = ok ? 0 : 1
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
