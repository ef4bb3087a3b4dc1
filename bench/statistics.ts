/**
 * npm run bench:statistics -- [--data <file>] [--runs 3] [--port 9165]
 *
 * The full statistics refresh (product windows, RP3beta co-purchases, every
 * customer profile; what the import's last step and the nightly job run) on a
 * store holding the whole data set: the demo store is set up with --data
 * (default: the full Online Retail file), stopped, and the refresh run
 * `--runs` times in that store through `medusa exec`. Prints each run and the
 * median. Target (issue 15): ≤ 60 s on the full data set.
 */
import { execFileSync } from "child_process"
import path from "path"
import { ROOT, shellEnv } from "../harness/demo-process"
import { startDemoStore } from "./demo-store"
import { arg, percentile, printTable } from "./util"

async function main() {
  const dataIdx = process.argv.indexOf("--data")
  const data = dataIdx > 0 ? process.argv[dataIdx + 1] : path.resolve(ROOT, "../shared/data/online-retail.parquet")
  const runs = arg("runs", 3)
  const name = "bench-statistics"
  const store = await startDemoStore({ name, port: arg("port", 9165), data, log: console.log })
  await store.process.stop()
  try {
    console.log(`\nfull statistics refresh, ${runs} runs on ${path.relative(process.cwd(), data)}…`)
    const out = execFileSync("npx", ["medusa", "exec", path.join(ROOT, "bench/scripts/refresh-statistics.ts")], {
      cwd: path.join(ROOT, ".cache", name),
      env: { ...shellEnv(), RL_BENCH_RUNS: String(runs) },
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    })
    const results = out
      .split("\n")
      .filter((l) => l.startsWith("RL_BENCH "))
      .map((l) => JSON.parse(l.slice("RL_BENCH ".length)) as { products: number; co_purchases: number; profiles: number; duration_ms: number })
    if (results.length !== runs) throw new Error(`expected ${runs} results, got ${results.length}:\n${out.slice(-2000)}`)
    printTable(results.map((r, i) => ({ run: i + 1, products: r.products, "co-purchase rows": r.co_purchases, profiles: r.profiles, seconds: (r.duration_ms / 1000).toFixed(1) })))
    const ms = results.map((r) => r.duration_ms)
    console.log(`\nmedian ${(percentile(ms, 0.5) / 1000).toFixed(1)} s, max ${(Math.max(...ms) / 1000).toFixed(1)} s (target ≤ 60 s)`)
  } finally {
    await store.stop()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
