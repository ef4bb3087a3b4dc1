/**
 * npm run bench:scale -- [--sizes 1000,10000,100000] [--seconds 30] [--connections 8] [--port 9175] [--keep]
 *
 * --keep keeps each size's database (rl_bench_scale_<size>) and reuses it when it is there: the
 * import is then not run again, and its figures are those of the run that made it.
 *
 * How the plugin grows with the catalogue. For each size, a synthetic store
 * (bench/synthetic-retail.ts: products with prices, stock and categories, a
 * purchase history shaped like Online Retail's, ~133 lines per product up to
 * 5,000,000) is imported into a fresh demo store, and measured:
 * - the import (the demo's set-up: products, customers, history, statistics),
 *   its wall time and the peak RSS of any process of the store meanwhile;
 * - the full statistics/model refresh (product windows, RP3beta, profiles)
 *   through `medusa exec`, its time and that process's peak RSS;
 * - what one server process holds: the catalogue snapshot and the sales
 *   popularity, as retained heap (bench/scripts/scale-measure.ts);
 * - the first recommendation after the server is ready (the boot's warm-up
 *   is loading the catalogue: answered from the interim snapshot after 2 s);
 * - recommendations for a two-item cart and for a guest, p50/p99/max, with
 *   the trivial route as the floor in the same run, once the warm-up is done.
 * Prints one row per size and each figure's growth against the smallest.
 * Targets at 100k products (issue 17): refresh ≤ 5 min, ≤ 1.5 GB peak, no
 * request slower than 2× the 1k-product p99.
 */
import { execFileSync } from "child_process"
import { readdirSync, readFileSync, readlinkSync } from "fs"
import path from "path"
import { Client } from "pg"
import { ROOT, shellEnv } from "../harness/demo-process"
import { startDemoStore } from "./demo-store"
import { writeSyntheticRetail } from "./synthetic-retail"
import { arg, percentile, printTable } from "./util"
// eslint-disable-next-line @typescript-eslint/no-var-requires
const autocannon = require("autocannon")

/** Polls the RSS of every process whose working directory is `dir`; returns the peak (MB) when stopped. */
function watchRss(dir: string) {
  let peak = 0
  const timer = setInterval(() => {
    for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
      try {
        if (readlinkSync(`/proc/${pid}/cwd`) !== dir) continue
        const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024
        peak = Math.max(peak, rss)
      } catch {
        // the process ended meanwhile
      }
    }
  }, 500)
  return () => {
    clearInterval(timer)
    return peak
  }
}

function load(url: string, headers: Record<string, string>, body: unknown, connections: number, seconds: number) {
  return new Promise<{ rps: number; p50: number; p99: number; max: number; errors: number }>((resolve, reject) => {
    const latencies: number[] = []
    const instance = autocannon(
      {
        url,
        method: body === undefined ? "GET" : "POST",
        connections,
        duration: seconds,
        headers: { ...headers, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      },
      (e: Error | null, r: any) =>
        e
          ? reject(e)
          : resolve({
              rps: r.requests.total / seconds,
              p50: percentile(latencies, 0.5),
              p99: percentile(latencies, 0.99),
              max: latencies.reduce((a, b) => Math.max(a, b), 0),
              errors: r.errors + r.timeouts + r.non2xx,
            })
    )
    instance.on("response", (_c: unknown, _s: number, _b: number, ms: number) => latencies.push(ms))
  })
}

async function importSeconds(dbName: string): Promise<number> {
  const pg = new Client({ connectionString: `postgres://postgres@127.0.0.1:5432/${dbName}` })
  await pg.connect()
  try {
    const { rows } = await pg.query(`SELECT extract(epoch FROM finished_at - created_at) AS s FROM rl_import_run WHERE status = 'completed' ORDER BY created_at DESC LIMIT 1`)
    return Number(rows[0]?.s ?? NaN)
  } finally {
    await pg.end()
  }
}

async function databaseExists(name: string): Promise<boolean> {
  const pg = new Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" })
  await pg.connect()
  try {
    return Boolean((await pg.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount)
  } finally {
    await pg.end()
  }
}

async function measure(products: number, seconds: number, connections: number, port: number, keep: boolean) {
  const file = path.join(ROOT, ".cache", "scale", `synthetic-${products}.csv.gz`)
  const shape = await writeSyntheticRetail(file, { products, seed: 1 })
  console.log(`\n${products.toLocaleString("en-GB")} products: ${shape.written.toLocaleString("en-GB")} lines, ${shape.invoicesWritten.toLocaleString("en-GB")} invoices, ${shape.customers.toLocaleString("en-GB")} customers`)
  const name = `bench-scale-${products}`
  const dbName = `rl_${name.replace(/[^a-z0-9]/gi, "_")}`
  const dir = path.join(ROOT, ".cache", name)
  const reused = keep && (await databaseExists(dbName))
  const peakOf = watchRss(dir)
  const started = Date.now()
  const store = await startDemoStore({
    name,
    port,
    data: file,
    env: { RL_RATE_LIMIT: "off", ...(reused ? { DATABASE_URL: `postgres://postgres@localhost:5432/${dbName}` } : {}) },
    log: console.log,
    // 100,000 products take about 40 minutes to import on the 2-core machine
    readyTimeoutMs: 4 * 3600_000,
  })
  const setupSeconds = (Date.now() - started) / 1000
  const setupPeakMb = reused ? NaN : peakOf()
  if (reused) console.log(`reused ${dbName}: the import's figures are those of the run that made it`)
  try {
    const imported = await importSeconds(dbName)
    const headers = { "x-publishable-api-key": store.publishableKey }
    // the first shopper after the boot: the warm-up's load is running (or starts with this request)
    const firstStarted = performance.now()
    const first = await fetch(store.base + "/store/rl/recommendations", {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: "{}",
    })
    const firstRequest = { ms: performance.now() - firstStarted, status: first.status, products: ((await first.json()) as any)?.recommendation?.products?.length ?? 0 }
    console.log(`first request after the boot: ${first.status} in ${firstRequest.ms.toFixed(0)} ms`)
    const warmStarted = Date.now()
    // the warm-up's full load (or the first request's) has replaced any interim snapshot
    await store.process.waitFor(/catalogue warm-up: \d+ of \d+ snapshots/, 3600_000)
    const warmUpWaitS = (Date.now() - warmStarted) / 1000
    console.log(store.process.read().match(/catalogue warm-up: .*/)?.[0])
    console.log(`waited ${((await store.eventsSettled()) / 1000).toFixed(0)} s for the import's events`)
    const cartId = await store.benchCart()
    const url = store.base + "/store/rl/recommendations"
    await load(url, headers, { cart_id: cartId }, connections, 3)
    const forCart = await load(url, headers, { cart_id: cartId }, connections, seconds)
    const forGuest = await load(url, headers, {}, connections, seconds)
    const trivial = await load(store.base + "/store/bench-trivial", headers, undefined, connections, seconds)
    await store.process.stop()

    const out = execFileSync("npx", ["medusa", "exec", path.join(ROOT, "bench/scripts/scale-measure.ts")], {
      cwd: dir,
      env: { ...shellEnv(), NODE_OPTIONS: "--expose-gc" },
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    })
    const line = out.split("\n").find((l) => l.startsWith("RL_BENCH "))
    if (!line) throw new Error(`no measurement:\n${out.slice(-2000)}`)
    const m = JSON.parse(line.slice("RL_BENCH ".length))
    // a file the importer rejected line by line would measure an empty store
    if (m.cards < products * 0.5) throw new Error(`only ${m.cards} of ${products} products are in the catalogue: see .cache/${name}.log`)
    return { products, lines: shape.written, setupSeconds, imported, setupPeakMb, firstRequest, warmUpWaitS, forCart, forGuest, trivial, ...m }
  } finally {
    await store.stop({ keepDatabase: keep })
  }
}

async function main() {
  const sizes = (process.argv.includes("--sizes") ? process.argv[process.argv.indexOf("--sizes") + 1] : "1000,10000,100000").split(",").map(Number)
  const seconds = arg("seconds", 30)
  const connections = arg("connections", 8)
  const port = arg("port", 9175)
  const rows: any[] = []
  for (const size of sizes) {
    const r = await measure(size, seconds, connections, port, process.argv.includes("--keep"))
    rows.push(r)
    console.log(JSON.stringify(r))
  }
  const table = rows.map((r) => ({
    products: r.products.toLocaleString("en-GB"),
    "history lines": r.lines.toLocaleString("en-GB"),
    "import s": r.imported.toFixed(0),
    "set-up peak RSS MB": r.setupPeakMb.toFixed(0),
    "refresh s": (r.refreshMs / 1000).toFixed(1),
    "refresh phases s (stats/baskets/RP3beta+write/profiles)": Object.values(r.refresh.phases_ms ?? {}).map((ms: any) => (ms / 1000).toFixed(0)).join("/"),
    "refresh peak RSS MB": r.refreshPeakRssMb.toFixed(0),
    "co-purchase rows": r.refresh.co_purchases.toLocaleString("en-GB"),
    "snapshot cards": r.cards.toLocaleString("en-GB"),
    "snapshot MB": r.catalogMb.toFixed(1),
    "snapshot load s": (r.catalogLoadMs / 1000).toFixed(1),
    "interim (500) load s": (r.interimLoadMs / 1000).toFixed(2),
    "popularity MB": r.popularityMb.toFixed(1),
    "first request after boot ms (status)": `${r.firstRequest.ms.toFixed(0)} (${r.firstRequest.status})`,
    "cart req/s": r.forCart.rps.toFixed(0),
    "cart p50 ms": r.forCart.p50.toFixed(1),
    "cart p99 ms": r.forCart.p99.toFixed(1),
    "cart max ms": r.forCart.max.toFixed(0),
    "guest p99 ms": r.forGuest.p99.toFixed(1),
    "trivial p99 ms": r.trivial.p99.toFixed(1),
    errors: r.forCart.errors + r.forGuest.errors,
  }))
  console.log(`\n${connections} connections, ${seconds} s per target; autocannon on loopback, one server per size\n`)
  printTable(table)
  const first = rows[0]
  console.log("\ngrowth against the smallest size\n")
  printTable(
    rows.map((r) => ({
      products: `${(r.products / first.products).toFixed(0)}×`,
      import: `${(r.imported / first.imported).toFixed(1)}×`,
      refresh: `${(r.refreshMs / first.refreshMs).toFixed(1)}×`,
      "refresh peak RSS": `${(r.refreshPeakRssMb / first.refreshPeakRssMb).toFixed(2)}×`,
      "snapshot MB": `${(r.catalogMb / Math.max(first.catalogMb, 0.1)).toFixed(1)}×`,
      "cart p99 (target ≤ 2 at 100k)": `${(r.forCart.p99 / first.forCart.p99).toFixed(2)}×`,
      "guest p99": `${(r.forGuest.p99 / first.forGuest.p99).toFixed(2)}×`,
    }))
  )
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
