import { spawnSync } from "child_process"
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "fs"
import path from "path"
import { ROOT, shellEnv } from "../../harness/demo-process"

/**
 * A store made as a merchant makes one — `store-template/` (the official
 * starter's shape) at a chosen Medusa version — with the plugin installed
 * from the packed tarball, not linked from this tree.
 */
export const FRESH_ROOT = path.join(ROOT, ".cache", "fresh-store")

export interface Ran {
  status: number
  /** stdout and stderr together, as a terminal shows them. */
  output: string
  stdout: string
}

/** Runs a command to completion, its output kept (and written to `log`). */
export function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; log?: string; timeoutMs?: number }): Ran {
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd,
    env: opts.env ?? shellEnv(),
    encoding: "utf8",
    timeout: opts.timeoutMs ?? 600_000,
    maxBuffer: 64 * 1024 * 1024,
  })
  const output = `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? `\n${r.error.message}` : ""}`
  if (opts.log) {
    mkdirSync(path.dirname(opts.log), { recursive: true })
    writeFileSync(opts.log, output)
  }
  return { status: r.status ?? 1, output, stdout: r.stdout ?? "" }
}

/** `npm pack` of this repository (its prepack builds the plugin): the tarball and the files it holds. */
export function packPlugin(): { tarball: string; files: string[]; output: string } {
  const dest = path.join(FRESH_ROOT, "pack")
  rmSync(dest, { recursive: true, force: true })
  mkdirSync(dest, { recursive: true })
  const r = run("npm", ["pack", "--json", "--pack-destination", dest], { cwd: ROOT, log: path.join(FRESH_ROOT, "pack.log") })
  if (r.status !== 0) throw new Error(`npm pack failed:\n${r.output.slice(-4000)}`)
  // prepack's build logs to stdout too: the JSON is the last thing printed
  const json = JSON.parse(r.stdout.slice(r.stdout.lastIndexOf("[\n  {")))
  return { tarball: path.join(dest, json[0].filename), files: json[0].files.map((f: { path: string }) => f.path), output: r.output }
}

/** The store's folder with its package.json for `version`, the tarball as the plugin dependency. */
export function prepareStore(version: string, tarball: string): string {
  const dir = path.join(FRESH_ROOT, version)
  mkdirSync(dir, { recursive: true })
  cpSync(path.join(ROOT, "store-template"), dir, { recursive: true })
  const pkg = readFileSync(path.join(ROOT, "store-template", "package.json"), "utf8")
    .replaceAll("__MEDUSA_VERSION__", version)
    .replaceAll("__PLUGIN_TARBALL__", `file:${tarball}`)
  writeFileSync(path.join(dir, "package.json"), pkg)
  // the tarball's content changes from run to run under the same name: npm must take it anew
  rmSync(path.join(dir, "node_modules", "medusa-plugin-rl-recommendations"), { recursive: true, force: true })
  rmSync(path.join(dir, "package-lock.json"), { force: true })
  return dir
}

export function storeConfig(dir: string): { publishable_key: string; region_id: string; sales_channel_id: string } {
  const file = path.join(dir, ".fresh-store.json")
  if (!existsSync(file)) throw new Error(`${file} missing: the seed did not run`)
  return JSON.parse(readFileSync(file, "utf8"))
}
