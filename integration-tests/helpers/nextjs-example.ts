import { cpSync, mkdirSync, rmSync } from "fs"
import { tmpdir } from "os"
import path from "path"
import { ROOT, shellEnv, startLogged, type LoggedProcess } from "../../harness/demo-process"
import { FRESH_ROOT, run, type Ran } from "./fresh-store"

/**
 * `examples/nextjs-storefront` as a storefront developer runs it: copied out
 * of this tree (so nothing resolves from the repository's node_modules),
 * installed from its own lockfile, the storefront package from its packed
 * tarball, then `next build` and `next start` against a store.
 */
export const EXAMPLE = path.join(ROOT, "examples", "nextjs-storefront")

export function packStorefront(): string {
  const dest = path.join(FRESH_ROOT, "pack")
  mkdirSync(dest, { recursive: true })
  const r = run("npm", ["pack", "-w", "packages/storefront", "--json", "--pack-destination", dest], { cwd: ROOT, log: path.join(FRESH_ROOT, "pack-storefront.log") })
  if (r.status !== 0) throw new Error(`npm pack of the storefront package failed:\n${r.output.slice(-4000)}`)
  const json = JSON.parse(r.stdout.slice(r.stdout.indexOf("[")))
  return path.join(dest, json[0].filename)
}

export interface NextExample {
  dir: string
  steps: Record<"install" | "storefront" | "build", Ran>
  server?: LoggedProcess
}

export function buildNextExample(opts: { storefrontTarball: string; backendUrl: string; publishableKey: string; countryCode: string }): NextExample {
  const dir = path.join(tmpdir(), `rl-nextjs-example-${process.pid}`)
  rmSync(dir, { recursive: true, force: true })
  cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => !/[\\/](node_modules|\.next)([\\/]|$)/.test(src) })
  const env = {
    ...shellEnv(),
    MEDUSA_BACKEND_URL: opts.backendUrl,
    NEXT_PUBLIC_MEDUSA_PUBLISHABLE_KEY: opts.publishableKey,
    NEXT_PUBLIC_DEFAULT_REGION: opts.countryCode,
    NEXT_TELEMETRY_DISABLED: "1",
  }
  const log = (name: string) => path.join(dir, `${name}.log`)
  const steps = {} as NextExample["steps"]
  steps.install = run("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: dir, env, log: log("install") })
  // the README's step: the package is not on the registry yet, so from its tarball
  steps.storefront = run("npm", ["install", "--no-save", "--no-audit", "--no-fund", opts.storefrontTarball], { cwd: dir, env, log: log("storefront") })
  steps.build = run(process.execPath, [path.join(dir, "node_modules/next/dist/bin/next"), "build"], { cwd: dir, env, log: log("build") })
  return { dir, steps }
}

export async function startNextExample(example: NextExample, port: number, env: { backendUrl: string; publishableKey: string }): Promise<LoggedProcess> {
  const server = startLogged([path.join(example.dir, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: example.dir,
    env: { ...shellEnv(), NODE_ENV: "production", MEDUSA_BACKEND_URL: env.backendUrl, NEXT_PUBLIC_MEDUSA_PUBLISHABLE_KEY: env.publishableKey, NEXT_TELEMETRY_DISABLED: "1" },
    log: path.join(example.dir, "start.log"),
  })
  await server.waitFor(/Ready in/, 60_000)
  return server
}
