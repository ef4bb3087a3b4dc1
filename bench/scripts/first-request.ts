/**
 * node -r ts-node/register/transpile-only bench/scripts/first-request.ts [products]
 *
 * The first recommendation after a boot, on a kept bench:scale database
 * (rl_bench_scale_<products>, made by `npm run bench:scale -- --keep`): the
 * store is started twice, and each time a guest's first request and the one
 * after it are timed. The catalogue is not loaded yet (the warm-up starts 5 s
 * after the routes load), so the first is answered from the interim snapshot.
 */
import path from "path"
import { ROOT } from "../../harness/demo-process"
import { startDemoStore } from "../demo-store"
async function main() {
  const products = Number(process.argv[2] ?? 100000)
  const name = `bench-scale-${products}`
  const dbName = `rl_${name.replace(/[^a-z0-9]/gi, "_")}`
  const file = path.join(ROOT, ".cache", "scale", `synthetic-${products}.csv.gz`)
  for (let round = 0; round < 2; round++) {
    const store = await startDemoStore({ name, port: 9175, data: file, env: { RL_RATE_LIMIT: "off", DATABASE_URL: `postgres://postgres@localhost:5432/${dbName}` }, log: console.log, readyTimeoutMs: 600_000 })
    const headers = { "x-publishable-api-key": store.publishableKey, "content-type": "application/json" }
    const t0 = performance.now()
    const res = await fetch(store.base + "/store/rl/recommendations", { method: "POST", headers, body: "{}" })
    const body: any = await res.json()
    const first = performance.now() - t0
    const t1 = performance.now()
    const res2 = await fetch(store.base + "/store/rl/recommendations", { method: "POST", headers, body: "{}" })
    const second = performance.now() - t1
    console.log(`FIRST round ${round}: ${res.status} in ${first.toFixed(0)} ms (${body?.recommendation?.products?.length} products); the next: ${res2.status} in ${second.toFixed(0)} ms`)
    await store.stop({ keepDatabase: true })
  }
}
main().catch((e) => { console.error(e); process.exit(1) })
