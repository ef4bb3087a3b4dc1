/**
 * npm's `prepare` hook: runs after `npm install` in this repository and when
 * a store installs the plugin from git (npm clones it, installs its dev
 * dependencies and runs `prepare` before packing it). Either way the
 * compiled plugin must exist afterwards, so it is built when missing.
 * `npm pack` and `npm publish` rebuild it unconditionally (`prepack`).
 */
import { existsSync } from "node:fs"
import { spawnSync } from "node:child_process"
import path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const built = path.join(root, ".medusa", "server", "src", "modules", "rl-agent", "index.js")
if (existsSync(built) && !process.env.RL_FORCE_BUILD) {
  console.log("prepare: the plugin is built (.medusa/server); `npm run build` rebuilds it")
  process.exit(0)
}
const npm = process.platform === "win32" ? "npm.cmd" : "npm"
for (const script of ["build"]) {
  const r = spawnSync(npm, ["run", script], { cwd: root, stdio: "inherit" })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
