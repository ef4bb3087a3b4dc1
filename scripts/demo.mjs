#!/usr/bin/env node
/**
 * npm run demo [-- --data <Online Retail file>] [--port 9000] [--host 127.0.0.1] [--setup-only] [--db-name medusa_rl_demo]
 *                [--rebuild] [--dir demo]   (another app folder inside the repository, e.g. for the browser test)
 *
 * Not a production configuration: it listens on 127.0.0.1 only (`--host 0.0.0.0` to show it on a
 * network), with secrets generated once per demo folder (demo/.secrets.json) and a known admin password.
 *
 * A Medusa store with this plugin (from the working tree), the Online Retail
 * catalogue and purchase history, the pre-trained agent and a storefront
 * page, in demo/. Uses DATABASE_URL / REDIS_URL when set, the local
 * PostgreSQL / Redis when they answer, and otherwise an embedded PostgreSQL
 * and no Redis (the plugin then runs reward jobs in-process and says so).
 * Re-running reuses everything that exists.
 */
import { spawn, spawnSync } from "node:child_process"
import { randomBytes } from "node:crypto"
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { canConnect, hasSchema, resolvePostgres, resolveRedis } from "./demo-services.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
// inside the repository, so the app resolves its dependencies from the repository's node_modules
const demo = path.resolve(root, process.argv.includes("--dir") ? process.argv[process.argv.indexOf("--dir") + 1] : "demo")
const started = Date.now()

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : fallback
}
const flag = (name) => process.argv.includes(`--${name}`)
const port = option("port", process.env.PORT || "9000")
// loopback only unless told otherwise: the demo's admin password is in this file
const host = option("host", process.env.HOST || "127.0.0.1")
const dbName = option("db-name", "medusa_rl_demo")
const dataFile = path.resolve(option("data", process.env.RL_DATA_FILE || path.join(root, "..", "shared", "data", "online-retail.parquet")))

const log = (msg) => console.log(`[demo ${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`)

function run(cmd, args, opts = {}) {
  // an explicit `stdio: undefined` would override "inherit" and hide the output of migrations and the import
  const { stdio = "inherit", ...rest } = opts
  const r = spawnSync(cmd, args, { cwd: root, ...rest, stdio })
  if (r.status !== 0 && !opts.allowFail) {
    console.error(`\n${cmd} ${args.join(" ")} failed (exit ${r.status})`)
    process.exit(r.status ?? 1)
  }
  return r
}

// a store already on the port would answer instead of this one: say so before doing anything
if (!flag("setup-only") && (await canConnect("127.0.0.1", port, 500))) {
  console.error(`Port ${port} is already in use (another store still running?). Stop it, or pass --port <free port>.`)
  process.exit(1)
}

// 1. what it needs: dependencies, the built plugin, the storefront bundle
if (!existsSync(path.join(root, "node_modules", "@medusajs", "medusa"))) {
  log("installing dependencies (npm ci)…")
  run("npm", ["ci", "--no-audit", "--no-fund"])
}
const require = createRequire(path.join(root, "package.json"))
const medusaCli = require.resolve("@medusajs/cli/cli.js")
const medusa = (args, opts = {}) => run(process.execPath, [medusaCli, ...args], { cwd: demo, env: opts.env, allowFail: opts.allowFail, stdio: opts.stdio })

if (!existsSync(dataFile)) {
  console.error(
    `No data file at ${dataFile}.\nDownload "Online Retail.xlsx" from https://archive.ics.uci.edu/dataset/352/online+retail ` +
      `(or the CSV from Kaggle) and run: npm run demo -- --data "<path to the file>"`
  )
  process.exit(1)
}

// a second start skips what has not changed: the plugin build when no source is newer than it
function newest(dir) {
  let t = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}
const built = path.join(root, ".medusa", "server", "src", "modules", "rl-agent", "service.js")
if (flag("rebuild") || !existsSync(built) || newest(path.join(root, "src")) > statSync(built).mtimeMs) {
  log("building the plugin (medusa plugin:build)…")
  run(process.execPath, [medusaCli, "plugin:build"])
} else {
  log("the plugin build is up to date")
}
log("building the storefront bundle…")
run(process.execPath, [path.join(root, "node_modules", "vite", "bin", "vite.js"), "build", "-c", "packages/storefront/demo/vite.config.mts", "--logLevel", "warn"], {
  env: { ...process.env, NODE_ENV: "production", RL_STOREFRONT_OUT: path.join(demo, ".storefront") },
})

// 2. the demo application, from demo-template/, with the plugin linked from the working tree
mkdirSync(demo, { recursive: true })
cpSync(path.join(root, "demo-template"), demo, { recursive: true, force: true })
const link = path.join(demo, "node_modules", "medusa-plugin-rl-recommendations")
mkdirSync(path.dirname(link), { recursive: true })
if (!existsSync(link)) symlinkSync(root, link, "dir")

// 3. PostgreSQL: DATABASE_URL, the local server, or an embedded one; 4. Redis: REDIS_URL, the local server, or none
const pgService = await resolvePostgres({ dbName, log })
const databaseUrl = pgService.url
const embedded = pgService.embedded
const redisUrl = await resolveRedis()
log(redisUrl ? `Redis: ${redisUrl} (BullMQ reward queue, Redis event bus and workflow engine)` : "Redis: none answers — the plugin runs reward jobs in-process")

// secrets of this demo folder, made once: a JWT signed with a secret published in a repository is anyone's admin login
const secretsFile = path.join(demo, ".secrets.json")
if (!existsSync(secretsFile)) {
  const secret = () => randomBytes(32).toString("hex")
  writeFileSync(
    secretsFile,
    JSON.stringify({ JWT_SECRET: secret(), COOKIE_SECRET: secret(), RL_CUSTOMER_HASH_SECRET: secret() }, null, 2) + "\n",
    { mode: 0o600 }
  )
}
const secrets = JSON.parse(readFileSync(secretsFile, "utf8"))

const env = {
  ...process.env,
  ...secrets,
  DATABASE_URL: databaseUrl,
  PORT: port,
  HOST: host,
  NODE_ENV: "development",
  ...(redisUrl ? { REDIS_URL: redisUrl } : { REDIS_URL: "" }),
}
writeFileSync(
  path.join(demo, ".env"),
  `# written by npm run demo (a demo, not a production configuration)\nDATABASE_URL=${databaseUrl}\nREDIS_URL=${redisUrl ?? ""}\nPORT=${port}\nHOST=${host}\n` +
    Object.entries(secrets).map(([k, v]) => `${k}=${v}\n`).join(""),
  { mode: 0o600 }
)

// 5. schema, admin user, data, model
// migrations again only when the database, Medusa or the plugin's migrations changed
const migrationsDir = path.join(root, "src", "modules", "rl-agent", "migrations")
const fingerprint = JSON.stringify({
  databaseUrl,
  medusa: require("@medusajs/medusa/package.json").version,
  migrations: readdirSync(migrationsDir).sort(),
})
const marker = path.join(demo, ".migrated.json")
if (pgService.created || !existsSync(marker) || readFileSync(marker, "utf8") !== fingerprint || !(await hasSchema(databaseUrl))) {
  log("migrating the database…")
  medusa(["db:migrate"], { env })
  writeFileSync(marker, fingerprint)
} else {
  log("the database schema is up to date")
}
const adminEmail = "admin@rl-demo.local"
const adminPassword = "rl-demo-admin"
const user = medusa(["user", "-e", adminEmail, "-p", adminPassword], { env, allowFail: true, stdio: "pipe" })
log(user.status === 0 ? `created admin user ${adminEmail}` : `admin user ${adminEmail} exists`)
log("setting up the store (import, shipping, publishable key, pre-trained model)…")
medusa(
  ["exec", "./src/scripts/setup-demo.ts", dataFile, path.join(root, "reports", "model.json"), path.join(root, "reports", "evaluation.json")],
  { env }
)
const config = JSON.parse(readFileSync(path.join(demo, ".demo.json"), "utf8"))

const banner = [
  "",
  "  Medusa RL recommendations demo (not a production configuration)",
  `  Admin        http://localhost:${port}/app   (${adminEmail} / ${adminPassword})`,
  `  Storefront   http://localhost:${port}/storefront`,
  `  API key      ${config.publishableKey}   (x-publishable-api-key)`,
  `  Try          curl -X POST http://localhost:${port}/store/rl/recommendations -H 'x-publishable-api-key: ${config.publishableKey}' -H 'content-type: application/json' -d '{}'`,
  `  Listening    ${host}${host === "127.0.0.1" || host === "localhost" ? " only (--host 0.0.0.0 to expose it)" : ""}`,
  `  Set up in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  "",
].join("\n")
console.log(banner)

if (flag("setup-only")) {
  if (embedded) await embedded.stop()
  process.exit(0)
}

// 6. start the store
log("starting Medusa (medusa develop)…")
// its own process group: stopping the demo stops develop and the server it forks
const server = spawn(process.execPath, [medusaCli, "develop"], { cwd: demo, env, stdio: "inherit", detached: true })
const stop = () => {
  try {
    process.kill(-server.pid, "SIGTERM")
  } catch {}
}
process.on("SIGINT", stop)
process.on("SIGTERM", stop)
server.on("exit", async (code) => {
  if (embedded) await embedded.stop().catch(() => {})
  process.exit(code ?? 0)
})
