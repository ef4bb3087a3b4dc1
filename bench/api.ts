/**
 * npm run bench:api -- [--seconds 30] [--cart-seconds 150] [--connections 8,64] [--port 9160]
 *                      [--data <file>] [--no-scale] [--full-reloads]
 *
 * Starts the demo store (its own folder, database and Redis DB; rate limiting
 * off) and measures, with autocannon on loopback, one target after the other
 * on the same server: the plugin's `POST /store/rl/recommendations` (for a
 * cart, and for a guest without one), Medusa's `GET /store/products` with
 * default fields and with `fields=id,title,handle`, and a trivial custom store
 * route (`GET /store/bench-trivial`, same middleware stack, no work), the
 * floor, measured first and last of each connection count. Prints req/s,
 * p50/p95/p99, the slowest request and the ratios beside their targets (against
 * the better of the two floor runs: a stall of the machine during one of them
 * must not flatter the plugin), and the catalogue refreshes the server ran
 * during each target (full reloads, time-to-live checks, event patches: read
 * from `GET /admin/rl/health`).
 * The store holds the full Online Retail data set unless --data names another
 * file; recommendations for a cart run --cart-seconds (default 150: more than
 * two of the catalogue's 60 s time-to-live checks), the other targets --seconds.
 * `--full-reloads` sets the store's catalogFullReloadSeconds to its
 * catalogCacheTtlSeconds (60): every expiry reloads whole, as before the checks.
 *
 * With --candidates, the cart recommendation at 8 connections under what
 * issue 19 adds to the path, each against a baseline run beside it: the
 * per-request exploration guard (every explorable strategy ranked), a shadow
 * candidate running (its probabilities computed and logged), and both.
 *
 * Then the Q-table at scale (skip with --no-scale): the recommendation route
 * measured with the table filled to 10,000 and to 1,000,000 state-strategy
 * rows (synthetic states, the current model version), and the hourly prune
 * job's SQL run against the cap (qTableMaxStates, default 100,000 states).
 */
import { Client } from "pg"
import { pruneQTableSql } from "../src/modules/rl-agent/repositories/maintenance"
import { STRATEGIES } from "../src/learning/strategies"
import { startDemoStore, type DemoStore } from "./demo-store"
import path from "path"
import { ROOT, http } from "../harness/demo-process"
import { arg, percentile, printTable } from "./util"
// eslint-disable-next-line @typescript-eslint/no-var-requires
const autocannon = require("autocannon")

type Target = { name: string; method: "GET" | "POST"; path: string; body?: unknown }
type Result = {
  target: string
  connections: number
  rps: number
  p50: number
  p95: number
  p99: number
  max: number
  errors: number
  non2xx: number
  /** The server's background catalogue refreshes during the run: full reloads / time-to-live checks / event patches. */
  refreshes?: string
}

type Refreshes = { full: number; checks: number; incremental: number }

/** The server's catalogue refresh counts so far (`GET /admin/rl/health`). */
async function refreshCounts(store: DemoStore): Promise<Refreshes> {
  const res = await http(store.base, "/admin/rl/health", { headers: { authorization: `Bearer ${store.adminToken}` } })
  return res.data?.catalog?.refreshes ?? { full: NaN, checks: NaN, incremental: NaN }
}

function run(base: string, headers: Record<string, string>, t: Target, connections: number, seconds: number): Promise<Result> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = []
    const instance = autocannon(
      {
        url: base + t.path,
        method: t.method,
        connections,
        duration: seconds,
        headers: { ...headers, ...(t.body ? { "content-type": "application/json" } : {}) },
        body: t.body ? JSON.stringify(t.body) : undefined,
      },
      (err: Error | null, r: any) => {
        if (err) return reject(err)
        resolve({
          target: t.name,
          connections,
          rps: r.requests.total / seconds,
          p50: percentile(latencies, 0.5),
          p95: percentile(latencies, 0.95),
          p99: percentile(latencies, 0.99),
          // the slowest request: a stall (a request waiting for a reload) shows here, not in p99
          max: latencies.reduce((a, b) => Math.max(a, b), 0),
          errors: r.errors + r.timeouts,
          non2xx: r.non2xx,
        })
      }
    )
    instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms))
  })
}

/** `?` placeholders over a pg client, as the module's SQL helpers expect. */
function sqlManager(pg: Client) {
  return {
    execute: async (sql: string, bindings: unknown[] = []) => {
      let i = 0
      return (await pg.query(sql.replace(/\?/g, () => `$${++i}`), bindings)).rows
    },
  }
}

async function qTableScale(store: Awaited<ReturnType<typeof startDemoStore>>, headers: Record<string, string>, cartId: string, seconds: number) {
  const pg = new Client({ connectionString: "postgres://postgres@localhost:5432/rl_bench_api" })
  await pg.connect()
  try {
    const [{ model_version }] = (await pg.query(`SELECT model_version FROM rl_agent WHERE deleted_at IS NULL LIMIT 1`)).rows
    const count = async () => Number((await pg.query(`SELECT count(*) AS n FROM rl_q_value WHERE model_version = $1 AND deleted_at IS NULL`, [model_version])).rows[0].n)
    // synthetic states, each with all six strategies, visited over the last 30 days
    const fill = async (rows: number) => {
      const have = await count()
      const states = Math.ceil(Math.max(0, rows - have) / STRATEGIES.length)
      if (!states) return
      const started = Date.now()
      await pg.query(
        `INSERT INTO rl_q_value (id, model_version, state_key, strategy, value, visits, last_visited_at, created_at, updated_at)
         SELECT 'rlq_' || md5(random()::text || g || s), $1, 'bench|' || $2::int + g, s, random(), 1,
                now() - random() * interval '30 days', now(), now()
           FROM generate_series(1, $3::int) g CROSS JOIN unnest($4::text[]) s`,
        [model_version, have, states, STRATEGIES]
      )
      await pg.query("ANALYZE rl_q_value")
      console.log(`Q-table filled to ${(await count()).toLocaleString("en-GB")} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    }
    const target: Target = { name: "POST /store/rl/recommendations (cart)", method: "POST", path: "/store/rl/recommendations", body: { cart_id: cartId } }
    const measured: Array<Record<string, unknown>> = []
    for (const rows of [10_000, 1_000_000]) {
      await fill(rows)
      await run(store.base, headers, target, 8, Math.min(2, seconds))
      const r = await run(store.base, headers, target, 8, seconds)
      measured.push({ "Q-table rows": (await count()).toLocaleString("en-GB"), "req/s": r.rps.toFixed(0), "p50 ms": r.p50.toFixed(1), "p95 ms": r.p95.toFixed(1), "p99 ms": r.p99.toFixed(1) })
    }
    console.log("\nQ-table scale, recommendations for a cart, 8 connections\n")
    printTable(measured)
    const p99 = measured.map((m) => Number(m["p99 ms"]))
    console.log(`\np99 at 1,000,000 rows / p99 at 10,000 rows: ${(p99[1] / p99[0]).toFixed(2)} (target ≤ 1.10)`)
    const started = Date.now()
    const pruned = await pruneQTableSql(sqlManager(pg), model_version, 100_000)
    const states = Number((await pg.query(`SELECT count(DISTINCT state_key) AS n FROM rl_q_value WHERE model_version = $1 AND deleted_at IS NULL`, [model_version])).rows[0].n)
    console.log(`prune to the cap of 100,000 states: ${pruned.toLocaleString("en-GB")} rows deleted in ${((Date.now() - started) / 1000).toFixed(1)} s; ${states.toLocaleString("en-GB")} states (${(await count()).toLocaleString("en-GB")} rows) remain`)
  } finally {
    await pg.end()
  }
}

/** The cart recommendation with the exploration guard, a shadow, and both, each beside a baseline run (8 connections). */
async function candidatesCost(store: DemoStore, headers: Record<string, string>, cartId: string, seconds: number) {
  const admin = { authorization: `Bearer ${store.adminToken}` }
  const target: Target = { name: "POST /store/rl/recommendations (cart)", method: "POST", path: "/store/rl/recommendations", body: { cart_id: cartId } }
  const patchAgent = (body: unknown) => http(store.base, "/admin/rl/agent", { method: "PATCH", body, headers: admin })
  let shadowId: string | null = null
  const configs: Array<{ name: string; on: () => Promise<unknown>; off: () => Promise<unknown> }> = [
    { name: "exploration guard (full lists)", on: () => patchAgent({ explore_full_list: true }), off: () => patchAgent({ explore_full_list: false }) },
    {
      name: "shadow (live table, ε 0.3)",
      on: async () => (shadowId = (await http(store.base, "/admin/rl/shadows", { method: "POST", body: { name: "bench", epsilon: 0.3 }, headers: admin })).data.shadow.id),
      off: () => http(store.base, `/admin/rl/shadows/${shadowId}/stop`, { method: "POST", body: {}, headers: admin }),
    },
  ]
  configs.push({
    name: "guard + shadow",
    on: async () => Promise.all([configs[0].on(), configs[1].on()]),
    off: async () => Promise.all([configs[0].off(), configs[1].off()]),
  })
  const rows: Array<Record<string, unknown>> = []
  const measured = async (label: string) => {
    await run(store.base, headers, target, 8, 2)
    const r = await run(store.base, headers, target, 8, seconds)
    rows.push({ config: label, "req/s": r.rps.toFixed(0), "p50 ms": r.p50.toFixed(1), "p95 ms": r.p95.toFixed(1), "p99 ms": r.p99.toFixed(1), errors: r.errors + r.non2xx })
    return r
  }
  const ratios: Array<Record<string, unknown>> = []
  for (const c of configs) {
    const base = await measured("baseline")
    await c.on()
    // each process reads the agent within 1 s and the shadow within 5 s
    await new Promise((done) => setTimeout(done, 6_000))
    const with_ = await measured(c.name)
    await c.off()
    await new Promise((done) => setTimeout(done, 6_000))
    ratios.push({ config: c.name, "p50 / baseline": (with_.p50 / base.p50).toFixed(2), "p99 / baseline": (with_.p99 / base.p99).toFixed(2), "req/s / baseline": (with_.rps / base.rps).toFixed(2) })
  }
  console.log(`
What issue 19 adds to the cart recommendation, 8 connections, ${seconds} s each after a warm-up
`)
  printTable(rows)
  console.log("")
  printTable(ratios)
}

async function main() {
  const seconds = arg("seconds", 30)
  const cartSeconds = arg("cart-seconds", 150)
  const connectionSets = (process.argv.includes("--connections") ? process.argv[process.argv.indexOf("--connections") + 1] : "8,64")
    .split(",")
    .map(Number)
  const dataIdx = process.argv.indexOf("--data")
  const store = await startDemoStore({
    name: "bench-api",
    port: arg("port", 9160),
    data: dataIdx > 0 ? process.argv[dataIdx + 1] : path.resolve(ROOT, "../shared/data/online-retail.parquet"),
    env: { RL_RATE_LIMIT: "off", ...(process.argv.includes("--full-reloads") ? { RL_CATALOG_FULL_RELOAD_SECONDS: "60" } : {}) },
    log: console.log,
  })
  try {
    console.log(`waited ${((await store.eventsSettled()) / 1000).toFixed(0)} s for the setup's events to be processed`)
    const headers = { "x-publishable-api-key": store.publishableKey }
    const cartId = await store.benchCart()
    const targets: Target[] = [
      { name: "POST /store/rl/recommendations (cart)", method: "POST", path: "/store/rl/recommendations", body: { cart_id: cartId } },
      { name: "POST /store/rl/recommendations (guest)", method: "POST", path: "/store/rl/recommendations", body: {} },
      { name: "GET /store/products", method: "GET", path: "/store/products" },
      { name: "GET /store/products?fields=id,title,handle", method: "GET", path: "/store/products?fields=id,title,handle" },
      { name: "GET /store/bench-trivial", method: "GET", path: "/store/bench-trivial" },
    ]
    const results: Result[] = []
    const trivialTarget = targets[4]
    const measure = async (t: Target, connections: number, label = t.name) => {
      await run(store.base, headers, t, connections, Math.min(2, seconds)) // warm-up
      const before = await refreshCounts(store)
      const r: Result = { ...(await run(store.base, headers, t, connections, t === targets[0] ? cartSeconds : seconds)), target: label }
      const after = await refreshCounts(store)
      r.refreshes = `${after.full - before.full} / ${after.checks - before.checks} / ${after.incremental - before.incremental}`
      results.push(r)
      console.log(`${label} × ${connections}: ${r.rps.toFixed(0)} req/s, p99 ${r.p99.toFixed(1)} ms`)
      // requests autocannon gave up on (10 s) are still being served: let them end before the next target
      if (r.errors) await new Promise((done) => setTimeout(done, 10_000))
    }
    for (const connections of connectionSets) {
      // the floor is measured before and after the others: a one-off stall of the machine in either
      // run would otherwise flatter every ratio; the ratios use the faster of the two
      await measure(trivialTarget, connections, `${trivialTarget.name} (before)`)
      for (const t of targets.slice(0, 4)) await measure(t, connections)
      await measure(trivialTarget, connections, `${trivialTarget.name} (after)`)
    }
    console.log(`\n${cartSeconds} s for recommendations for a cart, ${seconds} s per other target, each after a warm-up; autocannon on loopback, one server\n`)
    printTable(
      results.map((r) => ({
        target: r.target,
        conns: r.connections,
        "req/s": r.rps.toFixed(0),
        "p50 ms": r.p50.toFixed(1),
        "p95 ms": r.p95.toFixed(1),
        "p99 ms": r.p99.toFixed(1),
        "max ms": r.max.toFixed(0),
        "errors+timeouts": r.errors,
        "non-2xx": r.non2xx,
        "catalogue full / checks / patches": r.refreshes,
      }))
    )
    console.log("")
    const rows: Array<Record<string, unknown>> = []
    for (const c of connectionSets) {
      const get = (name: string) => results.find((r) => r.connections === c && r.target === name)!
      const recs = get(targets[0].name)
      const products = get(targets[2].name)
      const before = get(`${trivialTarget.name} (before)`)
      const after = get(`${trivialTarget.name} (after)`)
      const trivial = { rps: Math.max(before.rps, after.rps), p99: Math.min(before.p99, after.p99) }
      rows.push({
        conns: c,
        "recs / products (target ≥ 5)": (recs.rps / products.rps).toFixed(2),
        "recs / trivial (target ≥ 0.5)": (recs.rps / trivial.rps).toFixed(2),
        "recs p99 / trivial p99 (target ≤ 2)": (recs.p99 / trivial.p99).toFixed(2),
        "guest recs / products": (get(targets[1].name).rps / products.rps).toFixed(2),
      })
    }
    printTable(rows)
    if (process.argv.includes("--candidates")) await candidatesCost(store, headers, cartId, cartSeconds)
    if (!process.argv.includes("--no-scale")) await qTableScale(store, headers, cartId, seconds)
  } finally {
    await store.stop()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
