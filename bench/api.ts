/**
 * npm run bench:api -- [--seconds 10] [--connections 8,64] [--port 9160] [--data <file>]
 *
 * Starts the demo store (its own folder, database and Redis DB; rate limiting
 * off) and measures, with autocannon on loopback, one target after the other
 * on the same server: the plugin's `POST /store/rl/recommendations` (for a
 * cart, and for a guest without one), Medusa's `GET /store/products` with
 * default fields and with `fields=id,title,handle`, and a trivial custom store
 * route (`GET /store/bench-trivial`, same middleware stack, no work). Prints
 * req/s, p50/p95/p99 and the ratios the benchmarks issue sets as targets.
 */
import { startDemoStore } from "./demo-store"
import { http } from "../integration-tests/helpers/demo-process"
import { arg, percentile, printTable } from "./util"
// eslint-disable-next-line @typescript-eslint/no-var-requires
const autocannon = require("autocannon")

type Target = { name: string; method: "GET" | "POST"; path: string; body?: unknown }
type Result = { target: string; connections: number; rps: number; p50: number; p95: number; p99: number; errors: number; non2xx: number }

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
          errors: r.errors + r.timeouts,
          non2xx: r.non2xx,
        })
      }
    )
    instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms))
  })
}

async function main() {
  const seconds = arg("seconds", 10)
  const connectionSets = (process.argv.includes("--connections") ? process.argv[process.argv.indexOf("--connections") + 1] : "8,64")
    .split(",")
    .map(Number)
  const dataIdx = process.argv.indexOf("--data")
  const store = await startDemoStore({
    name: "bench-api",
    port: arg("port", 9160),
    data: dataIdx > 0 ? process.argv[dataIdx + 1] : undefined,
    env: { RL_RATE_LIMIT: "off" },
    log: console.log,
  })
  try {
    const headers = { "x-publishable-api-key": store.publishableKey }
    const rec = (await http(store.base, "/store/rl/recommendations", { body: {}, headers })).data.recommendation
    const cart = await http(store.base, "/store/carts", {
      body: { region_id: store.regionId, items: rec.products.slice(0, 2).map((p: any) => ({ variant_id: p.variant_id, quantity: 1 })) },
      headers,
    })
    if (cart.status !== 200) throw new Error(`cart: ${cart.status} ${JSON.stringify(cart.data)}`)
    const targets: Target[] = [
      { name: "POST /store/rl/recommendations (cart)", method: "POST", path: "/store/rl/recommendations", body: { cart_id: cart.data.cart.id } },
      { name: "POST /store/rl/recommendations (guest)", method: "POST", path: "/store/rl/recommendations", body: {} },
      { name: "GET /store/products", method: "GET", path: "/store/products" },
      { name: "GET /store/products?fields=id,title,handle", method: "GET", path: "/store/products?fields=id,title,handle" },
      { name: "GET /store/bench-trivial", method: "GET", path: "/store/bench-trivial" },
    ]
    const results: Result[] = []
    for (const connections of connectionSets) {
      for (const t of targets) {
        await run(store.base, headers, t, connections, Math.min(2, seconds)) // warm-up
        const r = await run(store.base, headers, t, connections, seconds)
        results.push(r)
        console.log(`${t.name} × ${connections}: ${r.rps.toFixed(0)} req/s, p99 ${r.p99.toFixed(1)} ms`)
      }
    }
    console.log(`\n${seconds} s per target after a warm-up, autocannon on loopback, one server (medusa develop)\n`)
    printTable(
      results.map((r) => ({
        target: r.target,
        conns: r.connections,
        "req/s": r.rps.toFixed(0),
        "p50 ms": r.p50.toFixed(1),
        "p95 ms": r.p95.toFixed(1),
        "p99 ms": r.p99.toFixed(1),
        "errors+timeouts": r.errors,
        "non-2xx": r.non2xx,
      }))
    )
    console.log("")
    const rows: Array<Record<string, unknown>> = []
    for (const c of connectionSets) {
      const get = (name: string) => results.find((r) => r.connections === c && r.target === name)!
      const recs = get(targets[0].name)
      const products = get(targets[2].name)
      const trivial = get(targets[4].name)
      rows.push({
        conns: c,
        "recs / products (target ≥ 5)": (recs.rps / products.rps).toFixed(2),
        "recs / trivial (target ≥ 0.5)": (recs.rps / trivial.rps).toFixed(2),
        "recs p99 / trivial p99 (target ≤ 1.5)": (recs.p99 / trivial.p99).toFixed(2),
        "guest recs / products": (get(targets[1].name).rps / products.rps).toFixed(2),
      })
    }
    printTable(rows)
  } finally {
    await store.stop()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
