/**
 * npm run test:fuzz -- [--cases 10000] [--concurrency 16] [--seed 1] [--port 9150]
 *
 * Starts the demo store (its own folder, database and Redis DB; rate limiting
 * off so every case reaches validation) and sends --cases malformed requests
 * from bench/fuzz-cases.ts to every route of the plugin. Prints the statuses,
 * latency and every failure: a response ≥ 500, a dropped connection, or a
 * 4xx without a message. Exits 1 on any failure.
 */
import { fuzzCases, sendCase } from "./fuzz-cases"
import { startDemoStore } from "./demo-store"
import { http } from "../harness/demo-process"
import { arg, percentile, printTable } from "./util"

async function main() {
  const n = arg("cases", 10_000)
  const concurrency = arg("concurrency", 16)
  const seed = arg("seed", 1)
  const store = await startDemoStore({ name: "bench-fuzz", port: arg("port", 9150), env: { RL_RATE_LIMIT: "off" }, log: console.log })
  try {
    const pk = { "x-publishable-api-key": store.publishableKey }
    const admin = { authorization: `Bearer ${store.adminToken}` }
    const rec = (await http(store.base, "/store/rl/recommendations", { body: {}, headers: pk })).data.recommendation
    const snapshot = (await http(store.base, "/admin/rl/snapshots", { body: {}, headers: admin })).data.snapshot
    const customer = (await http(store.base, "/admin/customers?limit=1", { headers: admin })).data.customers[0]
    const cases = fuzzCases(n, seed, { decisionId: rec.id, customerId: customer.id, productId: rec.products[0].id, snapshotId: snapshot.id })
    const creds = { publishableKey: store.publishableKey, adminToken: store.adminToken }
    const outcomes: Awaited<ReturnType<typeof sendCase>>[] = new Array(cases.length)
    let next = 0
    const started = Date.now()
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < cases.length) {
          const i = next++
          outcomes[i] = await sendCase(store.base, cases[i], creds)
        }
      })
    )
    const seconds = (Date.now() - started) / 1000
    const byStatus = new Map<number, number>()
    for (const o of outcomes) byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1)
    console.log(`\n${n} cases, seed ${seed}, ${concurrency} at a time, ${seconds.toFixed(1)} s\n`)
    printTable([...byStatus].sort((a, b) => a[0] - b[0]).map(([status, count]) => ({ status: status || "no response", count })))
    const ms = outcomes.map((o) => o.ms)
    console.log(`\nlatency ms: p50 ${percentile(ms, 0.5).toFixed(1)}, p95 ${percentile(ms, 0.95).toFixed(1)}, p99 ${percentile(ms, 0.99).toFixed(1)}`)
    const failures = outcomes
      .map((o, i) => ({ o, c: cases[i] }))
      .filter(({ o }) => o.status === 0 || o.status >= 500 || (o.status >= 400 && !o.message))
    for (const { o, c } of failures.slice(0, 50)) {
      console.log(`FAIL ${o.status} ${c.method} ${c.path.slice(0, 150)} ${JSON.stringify(c.body ?? c.raw ?? null)?.slice(0, 200)} → ${o.message}`)
    }
    const health = await http(store.base, "/admin/rl/health", { headers: admin })
    console.log(`\nfailures: ${failures.length}; the store still answers: health ${health.status} (${health.data?.status})`)
    process.exitCode = failures.length || health.status >= 500 ? 1 : 0
  } finally {
    await store.stop()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
