/**
 * npm run bench:profile -- [--seconds 30] [--connections 8] [--data <file>] [--keep] [--top 40]
 *                          [--target cart|guest|trivial]
 *
 * Where a recommendation's server time goes. Starts the demo store (the full
 * Online Retail data set unless --data names another file; --keep keeps its
 * database, so the next run skips the import), loads one target with
 * autocannon and records a V8 CPU profile of the server process meanwhile
 * (bench/scripts/profile-preload.js, toggled by SIGUSR2). Prints the share of
 * CPU by package, the top functions by self time, and the inclusive share of
 * the plugin's read-path functions; writes the .cpuprofile for Chrome DevTools.
 */
import { execSync } from "child_process"
import { Client } from "pg"
import { mkdirSync, readdirSync, readFileSync, rmSync } from "fs"
import path from "path"
import { ROOT } from "../harness/demo-process"
import { startDemoStore } from "./demo-store"
import { arg, printTable } from "./util"
// eslint-disable-next-line @typescript-eslint/no-var-requires
const autocannon = require("autocannon")

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

/** The package a frame belongs to: `plugin` for this repository's code, `node` for Node's own. */
function packageOf(url: string): string {
  if (!url) return "(native / VM)"
  if (url.startsWith("node:")) return "node"
  const nm = url.lastIndexOf("node_modules/")
  if (nm >= 0) {
    const rest = url.slice(nm + "node_modules/".length).split("/")
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]
  }
  if (url.includes(`${ROOT}/src/`) || url.includes("/.medusa/") || url.includes("/demo")) return "plugin / app"
  return url
}

export function summarise(profile: Profile, top: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const self = new Map<string, number>()
  const pkg = new Map<string, number>()
  const inclusive = new Map<string, number>()
  let total = 0
  let idle = 0
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0
    const node = byId.get(profile.samples[i])!
    const f = node.callFrame
    if (f.functionName === "(idle)") {
      idle += dt
      continue
    }
    total += dt
    const key = `${f.functionName || "(anonymous)"} ${packageOf(f.url)}${f.url && !f.url.includes("node_modules") ? `:${path.basename(f.url)}:${f.lineNumber + 1}` : ""}`
    self.set(key, (self.get(key) ?? 0) + dt)
    pkg.set(packageOf(f.url), (pkg.get(packageOf(f.url)) ?? 0) + dt)
    // every distinct named plugin frame on this stack, once: where the plugin's read path spends
    const seen = new Set<string>()
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const cf = byId.get(id)!.callFrame
      if (!cf.url.includes("/src/") || cf.url.includes("node_modules") || !cf.functionName) continue
      const k = `${cf.functionName} ${path.basename(cf.url)}`
      if (seen.has(k)) continue
      seen.add(k)
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt)
    }
  }
  const pct = (v: number) => `${((100 * v) / total).toFixed(1)}%`
  const sorted = (m: Map<string, number>, n: number) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n)
  return {
    busyMs: total / 1000,
    idleMs: idle / 1000,
    packages: sorted(pkg, 25).map(([name, v]) => ({ package: name, "CPU share": pct(v) })),
    functions: sorted(self, top).map(([name, v]) => ({ "self time": pct(v), function: name })),
    plugin: sorted(inclusive, 30).map(([name, v]) => ({ "inclusive": pct(v), function: name })),
  }
}

function serverPid(port: number): number {
  const out = execSync(`ss -ltnpH "sport = :${port}"`).toString()
  const m = out.match(/pid=(\d+)/)
  if (!m) throw new Error(`nothing listens on port ${port}`)
  return Number(m[1])
}

/** The kept database, created empty the first time (the demo then sets it up; later runs reuse it). */
async function ensureDatabase(name: string) {
  const pg = new Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" })
  await pg.connect()
  try {
    const { rowCount } = await pg.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])
    if (!rowCount) await pg.query(`CREATE DATABASE "${name.replace(/"/g, "")}"`)
  } finally {
    await pg.end()
  }
}

async function main() {
  const seconds = arg("seconds", 30)
  const connections = arg("connections", 8)
  const port = arg("port", 9170)
  const top = arg("top", 40)
  const target = process.argv.includes("--target") ? process.argv[process.argv.indexOf("--target") + 1] : "cart"
  const keep = process.argv.includes("--keep")
  const dir = path.join(ROOT, ".cache", "profile")
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const dataIdx = process.argv.indexOf("--data")
  if (keep) await ensureDatabase("rl_bench_profile")
  const store = await startDemoStore({
    name: "bench-profile",
    port,
    data: dataIdx > 0 ? process.argv[dataIdx + 1] : path.resolve(ROOT, "../shared/data/online-retail.parquet"),
    env: {
      RL_RATE_LIMIT: "off",
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} -r ${path.join(ROOT, "bench/scripts/profile-preload.js")}`.trim(),
      RL_PROFILE_DIR: dir,
      ...(keep ? { DATABASE_URL: "postgres://postgres@127.0.0.1:5432/rl_bench_profile" } : {}),
    },
    log: console.log,
  })
  try {
    console.log(`waited ${((await store.eventsSettled()) / 1000).toFixed(0)} s for the setup's events to be processed`)
    const headers = { "x-publishable-api-key": store.publishableKey }
    const cartId = await store.benchCart()
    const request =
      target === "trivial"
        ? { url: store.base + "/store/bench-trivial", method: "GET" }
        : { url: store.base + "/store/rl/recommendations", method: "POST", body: JSON.stringify(target === "guest" ? {} : { cart_id: cartId }) }
    const load = (duration: number) =>
      new Promise<any>((resolve, reject) =>
        autocannon({ ...request, connections, duration, headers: { ...headers, "content-type": "application/json" } }, (e: Error | null, r: any) => (e ? reject(e) : resolve(r)))
      )
    await load(5)
    const pid = serverPid(port)
    process.kill(pid, "SIGUSR2")
    const r = await load(seconds)
    process.kill(pid, "SIGUSR2")
    for (let i = 0; i < 50 && !readdirSync(dir).length; i++) await new Promise((res) => setTimeout(res, 200))
    const file = path.join(dir, readdirSync(dir)[0])
    const s = summarise(JSON.parse(readFileSync(file, "utf8")), top)
    console.log(`\n${target}, ${connections} connections, ${seconds} s: ${(r.requests.total / seconds).toFixed(0)} req/s, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}`)
    console.log(`server CPU busy ${(s.busyMs / 1000).toFixed(1)} s of ${seconds} s; ${(s.busyMs / r.requests.total).toFixed(2)} ms of CPU per request\n`)
    printTable(s.packages)
    console.log("")
    printTable(s.functions)
    console.log("")
    if (s.plugin.length) printTable(s.plugin)
    console.log(`\nprofile: ${path.relative(process.cwd(), file)} (open in Chrome DevTools → Performance)`)
  } finally {
    await store.stop({ keepDatabase: keep })
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e)
    process.exit(1)
  })
}
