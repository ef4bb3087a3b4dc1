import { chmodSync, mkdtempSync, rmSync } from "fs"
import { tmpdir } from "os"
import path from "path"
import { Client } from "pg"
import { afterAll, describe, expect, it } from "vitest"

/**
 * Where `npm run demo` gets PostgreSQL: the local server when it answers,
 * otherwise an embedded one that it initialises, starts and creates the
 * database in. Both paths, for real.
 */
const load = () => import(path.resolve(__dirname, "../../scripts/demo-services.mjs"))
// run as root, the server runs as the postgres user, which must be able to create its directory
const parent = mkdtempSync(path.join(tmpdir(), "rl-embedded-"))
chmodSync(parent, 0o777)
const dir = path.join(parent, "pg")
let stop: (() => Promise<void>) | null = null

afterAll(async () => {
  await stop?.()
  rmSync(parent, { recursive: true, force: true })
}, 60_000)

describe("the demo's PostgreSQL", () => {
  it("starts an embedded server with the database when the local one is not used", async () => {
    const { resolvePostgres } = await load()
    const messages: string[] = []
    const pg = await resolvePostgres({ dbName: "rl_embedded_test", forceEmbedded: true, embeddedPort: 5434, embeddedDir: dir, log: (m: string) => messages.push(m) })
    stop = () => pg.embedded.stop()
    expect(pg).toMatchObject({ source: "embedded", url: "postgres://postgres:postgres@localhost:5434/rl_embedded_test" })
    expect(messages.join("\n")).toMatch(/initialising an embedded one/)
    const c = new Client({ connectionString: pg.url })
    await c.connect()
    const { rows } = await c.query("SELECT current_database() AS db, version() AS v")
    await c.end()
    expect(rows[0].db).toBe("rl_embedded_test")
    expect(rows[0].v).toMatch(/PostgreSQL/)
  }, 120_000)

  it("uses the local server when it answers, and creates the database once", async () => {
    const { resolvePostgres } = await load()
    const name = `rl_demo_services_${process.pid}`
    const first = await resolvePostgres({ dbName: name })
    const again = await resolvePostgres({ dbName: name })
    expect(first).toMatchObject({ source: "local", url: `postgres://postgres@localhost:5432/${name}`, embedded: null })
    expect(again.url).toBe(first.url)
    const admin = new Client({ connectionString: "postgres://postgres@localhost:5432/postgres" })
    await admin.connect()
    await admin.query(`DROP DATABASE "${name}"`)
    await admin.end()
  }, 60_000)
})
