/**
 * npm run bench:rewards -- [--events 20000] [--workers 1] [--concurrency 32] [--rate 1000] [--seconds 10]
 *
 * Pushes synthetic reward events through the real BullMQ queue to real worker
 * processes (the agent module booted alone, as in a Medusa `worker` process)
 * and prints end-to-end events/s and the lag from enqueue to the committed Q
 * update (p50/p95/p99). Two runs: a burst of --events (throughput), then a
 * paced run at --rate events/s for --seconds (lag under a steady load).
 *
 * With --kill, a third run: the worker process is SIGKILLed once 30% of the
 * events are applied and a new one takes over; the counts must show every
 * reward applied exactly once (nothing lost, nothing doubled).
 *
 * Needs PostgreSQL (DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD, default
 * localhost:5432 postgres) and Redis (RL_REDIS_URL, default DB 2). It creates
 * and drops its own database and queue prefix.
 */
import type { ChildProcess } from "child_process"
import path from "path"
import { Client } from "pg"
import { MetadataStorage } from "@medusajs/framework/mikro-orm/core"
import { MedusaAppMigrateUp } from "@medusajs/framework/modules-sdk"
import { bootAgentModule } from "../harness/boot-agent-module"
import { exited, forkRewardWorker } from "../harness/fork-worker"
import type RlAgentModuleService from "../src/modules/rl-agent/service"
import { deleteQueueKeys } from "../harness/redis"
import { arg, percentile, printTable } from "./util"

const MODULE_PATH = path.join(__dirname, "../src/modules/rl-agent")
const host = process.env.DB_HOST ?? "localhost"
const port = Number(process.env.DB_PORT ?? 5432)
const user = process.env.DB_USERNAME ?? "postgres"
const password = process.env.DB_PASSWORD ?? ""
const redisUrl = process.env.RL_REDIS_URL ?? "redis://127.0.0.1:6379/2"
const dbName = `rl_bench_${process.pid}`
const clientUrl = `postgres://${user}${password ? `:${password}` : ""}@${host}:${port}/${dbName}`
const prefix = `rlbench-${process.pid}`

const events = arg("events", 20_000)
const workers = arg("workers", 1)
const concurrency = arg("concurrency", 256)
const rate = arg("rate", 1000)
const seconds = arg("seconds", 10)

const options = {
  redisUrl,
  queuePrefix: prefix,
  rewardWorkerConcurrency: concurrency,
  customerHashSecret: "bench",
  stalledIntervalMs: 5000,
}

async function admin(sql: string) {
  const c = new Client({ host, port, user, password, database: "postgres" })
  await c.connect()
  try {
    await c.query(sql)
  } finally {
    await c.end()
  }
}

function startWorker(): Promise<ChildProcess> {
  return forkRewardWorker({ clientUrl, options, stdio: ["ignore", "ignore", "inherit", "ipc"] })
}

async function run(
  rl: RlAgentModuleService,
  pg: Client,
  label: string,
  decisions: string[],
  n: number,
  perSecond: number | null
) {
  const enqueuedAt = new Map<string, number>()
  const started = Date.now()
  const batch = 500
  for (let i = 0; i < n; i += batch) {
    if (perSecond) {
      const due = started + (i / perSecond) * 1000
      const wait = due - Date.now()
      if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    }
    const size = Math.min(batch, n - i, perSecond ? Math.max(1, Math.round(perSecond / 20)) : batch)
    await Promise.all(
      Array.from({ length: size }, (_, j) => {
        const k = i + j
        const source = `${label}|${k}`
        enqueuedAt.set(source, Date.now())
        return rl.enqueueJob(
          "reward",
          { decision_id: decisions[k % decisions.length], kind: "engagement", source_event_id: source },
          { jobId: source }
        )
      })
    )
    if (perSecond && size < batch) i -= batch - size
  }
  const enqueueDone = Date.now()
  await rl.drainQueue(600_000)
  const { rows } = await pg.query(
    `SELECT source_event_id, (extract(epoch from created_at) * 1000)::float8 AS at
       FROM rl_reward WHERE source_event_id LIKE $1`,
    [`${label}|%`]
  )
  if (rows.length !== n) throw new Error(`${label}: expected ${n} rewards, found ${rows.length}`)
  const lags = rows.map((r) => Number(r.at) - enqueuedAt.get(r.source_event_id)!)
  const last = Math.max(...rows.map((r) => Number(r.at)))
  return {
    run: label,
    events: n,
    "offered/s": perSecond ?? Math.round(n / ((enqueueDone - started) / 1000)),
    "events/s": Math.round(n / ((last - started) / 1000)),
    "lag p50 ms": percentile(lags, 0.5).toFixed(1),
    "lag p95 ms": percentile(lags, 0.95).toFixed(1),
    "lag p99 ms": percentile(lags, 0.99).toFixed(1),
  }
}

async function main() {
  await admin(`DROP DATABASE IF EXISTS ${dbName}`)
  await admin(`CREATE DATABASE ${dbName}`)
  const children: ChildProcess[] = []
  let shutdown: (() => Promise<void>) | null = null
  const pg = new Client({ host, port, user, password, database: dbName })
  try {
    MetadataStorage.clear()
    await MedusaAppMigrateUp({
      modulesConfig: { rlAgent: { resolve: MODULE_PATH, options } },
      sharedResourcesConfig: { database: { clientUrl } },
    } as any)

    // this process only enqueues (Medusa `server` mode): the workers are separate processes
    const app = await bootAgentModule({ clientUrl, options, workerMode: "server" })
    shutdown = app.shutdown
    const rl = app.service
    await pg.connect()

    const agent = await rl.getAgent()
    const decisions: string[] = []
    for (let i = 0; i < 200; i++) {
      const d = await rl.createRlDecisions({
        customer_hash: null, cart_id: null, session_id: null, region_id: null, currency_code: "gbp",
        features: {}, state_key: `bench-state-${i % 50}`, strategy: "popular", explored: false,
        propensity: 1, epsilon: agent.epsilon, q_values: {}, products: [], product_ids: [],
        fallback: null, model_version: agent.model_version,
      } as any)
      decisions.push(d.id)
    }
    for (let i = 0; i < workers; i++) children.push(await startWorker())
    // warm-up: connections, JIT, prepared plans
    await run(rl, pg, "warmup", decisions, 1000, null)

    const results = [
      await run(rl, pg, "burst", decisions, events, null),
      await run(rl, pg, "paced", decisions, rate * seconds, rate),
    ]
    let killed = 0
    if (process.argv.includes("--kill")) {
      // SIGKILL the worker(s) mid-run, once 30% is applied, and start fresh ones
      const applied = async () =>
        Number((await pg.query(`SELECT count(*)::int AS n FROM rl_reward WHERE source_event_id LIKE 'kill|%'`)).rows[0].n)
      const killer = (async () => {
        while ((await applied()) < events * 0.3) await new Promise((r) => setTimeout(r, 20))
        killed = await applied()
        for (const c of children.splice(0)) {
          c.kill("SIGKILL")
          await exited(c)
        }
        for (let i = 0; i < workers; i++) children.push(await startWorker())
      })()
      const r = await run(rl, pg, "kill", decisions, events, null)
      await killer
      results.push({ ...r, run: `kill (SIGKILL at ${killed})` })
    }
    const [{ visits }] = (
      await pg.query(`SELECT sum(visits)::int AS visits FROM rl_q_value WHERE state_key LIKE 'bench-state-%'`)
    ).rows
    console.log(
      `\nbench:rewards — ${workers} worker process(es) × concurrency ${concurrency}, node ${process.version}, ${new Date().toISOString()}`
    )
    printTable(results)
    const expected = 1000 + events + rate * seconds + (process.argv.includes("--kill") ? events : 0)
    console.log(`Q updates applied: ${visits} (expected ${expected}: each reward exactly once)${visits === expected ? "" : " — MISMATCH"}`)
    if (visits !== expected) process.exitCode = 1
  } finally {
    for (const c of children) c.kill("SIGTERM")
    await Promise.all(children.map(exited))
    await pg.end().catch(() => undefined)
    await shutdown?.()
    await deleteQueueKeys(redisUrl, prefix)
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
