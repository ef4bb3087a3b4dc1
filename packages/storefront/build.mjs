/**
 * Builds the package twice from one source: ES modules (dist/esm) and
 * CommonJS (dist/cjs), each with its declarations and a package.json that
 * says which it is, so it imports from plain Node (either kind), bundlers,
 * and TypeScript under moduleResolution node, node16 and bundler alike.
 */
import { execFileSync } from "node:child_process"
import { mkdirSync, rmSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import path from "node:path"
import { fileURLToPath } from "node:url"

const here = path.dirname(fileURLToPath(import.meta.url))
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc")
rmSync(path.join(here, "dist"), { recursive: true, force: true })
for (const [kind, type] of [["esm", "module"], ["cjs", "commonjs"]]) {
  const out = path.join(here, "dist", kind)
  mkdirSync(out, { recursive: true })
  writeFileSync(path.join(out, "package.json"), JSON.stringify({ type }) + "\n")
  execFileSync(
    process.execPath,
    [tsc, "-p", path.join(here, "tsconfig.json"), "--outDir", out, ...(kind === "cjs" ? ["--module", "commonjs", "--moduleResolution", "node10"] : [])],
    { stdio: "inherit" }
  )
}
