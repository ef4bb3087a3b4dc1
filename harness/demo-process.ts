import { spawn, type ChildProcess } from "child_process"
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from "fs"
import path from "path"
import Redis from "ioredis"
import { Client } from "pg"

/** Processes of the demo store (scripts/demo.mjs, medusa develop) for the e2e tests. */
export const ROOT = path.resolve(__dirname, "..")
export const MEDUSA_CLI = require.resolve("@medusajs/cli/cli.js")

/** The environment a user's shell would give `npm run demo`: without what vitest adds for its workers. */
export function shellEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const k of Object.keys(env)) {
    if (/^(VITEST|TEST$|MODE$|DEV$|PROD$|SSR$|BASE_URL$|NODE_ENV$|FORCE_TTY$)/.test(k)) delete env[k]
  }
  return env
}

export interface LoggedProcess {
  child: ChildProcess
  log: string
  read(): string
  waitFor(text: RegExp, ms: number): Promise<void>
  /** SIGTERM to its process group, SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>
}

/** Starts a process in its own group, writing to a log file as it would to a terminal. */
export function startLogged(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; log: string }): LoggedProcess {
  mkdirSync(path.dirname(opts.log), { recursive: true })
  const out = openSync(opts.log, "w")
  const child = spawn(process.execPath, args, { cwd: opts.cwd, env: opts.env, detached: true, stdio: ["ignore", out, out] })
  closeSync(out)
  const read = () => (existsSync(opts.log) ? readFileSync(opts.log, "utf8") : "")
  return {
    child,
    log: opts.log,
    read,
    async waitFor(text, ms) {
      const deadline = Date.now() + ms
      while (!text.test(read())) {
        if (child.exitCode !== null) throw new Error(`${args.join(" ")} exited with ${child.exitCode}:\n${read().slice(-3000)}`)
        if (Date.now() > deadline) throw new Error(`${args.join(" ")} did not print ${text} within ${ms} ms:\n${read().slice(-3000)}`)
        await new Promise((r) => setTimeout(r, 500))
      }
    },
    async stop(graceMs = 3000) {
      if (!child.pid || child.exitCode !== null) return
      const signal = (s: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, s)
        } catch {}
      }
      signal("SIGTERM")
      await new Promise((r) => setTimeout(r, graceMs))
      signal("SIGKILL")
    },
  }
}

export async function dropDatabase(name: string): Promise<void> {
  const pg = new Client({ connectionString: "postgres://postgres@localhost:5432/postgres" })
  await pg.connect()
  await pg.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, "")}" WITH (FORCE)`)
  await pg.end()
}

export async function flushRedis(url: string): Promise<void> {
  const redis = new Redis(url)
  await redis.flushdb()
  redis.disconnect()
}

/** JSON over fetch, for the store and admin APIs. */
export async function http(base: string, pathname: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${base}${pathname}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { "content-type": "application/json", ...(init.headers ?? {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const text = await res.text()
  let data: any = text
  try {
    data = JSON.parse(text)
  } catch {}
  return { status: res.status, data }
}
