#!/usr/bin/env node
/**
 * node scripts/check-import-cycles.mjs [dir…]   (default: src packages/storefront/src)
 *
 * Fails when TypeScript files import each other in a circle. Only imports
 * that exist at run time count: `import type` and `export type` are erased
 * by the compiler and cannot make a module see another half-initialised.
 * Relative specifiers only (a package cannot import back into the plugin).
 * Circles inside one `models/` folder are allowed: Medusa's data-model
 * relations name each other through thunks (`model.hasMany(() => Reward)`),
 * as Medusa's own modules do, and are resolved after both files loaded.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "fs"
import path from "path"

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ["src", "packages/storefront/src"]

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "__tests__" || name.startsWith(".")) continue
    const p = path.join(dir, name)
    if (statSync(p).isDirectory()) walk(p, out)
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith(".d.ts")) out.push(path.resolve(p))
  }
  return out
}

function resolve(from, spec) {
  const base = path.resolve(path.dirname(from), spec)
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate
  }
  return null
}

// import x from "./a", import { y } from "./a", import "./a", export { z } from "./a", export * from "./a"
const IMPORT = /^\s*(import|export)\s+(type\s+)?([^'"]*?\s+from\s+)?["'](\.[^"']*)["']/gm

const files = roots.filter((r) => existsSync(r)).flatMap((r) => walk(r))
const graph = new Map()
for (const file of files) {
  const text = readFileSync(file, "utf8")
  const deps = new Set()
  for (const m of text.matchAll(IMPORT)) {
    if (m[2]) continue // type-only
    // `import { type A, type B } from` is type-only too
    if (m[3] && /^\{\s*(type\s+[\w$]+\s*(as\s+[\w$]+\s*)?,?\s*)+\}\s+from\s+$/.test(m[3].trim() + " ")) continue
    const target = resolve(file, m[4])
    if (target) deps.add(target)
  }
  graph.set(file, deps)
}

// Tarjan's strongly connected components: every component of more than one file is a circle
let index = 0
const stack = []
const onStack = new Set()
const idx = new Map()
const low = new Map()
const cycles = []
function connect(v) {
  idx.set(v, index)
  low.set(v, index++)
  stack.push(v)
  onStack.add(v)
  for (const w of graph.get(v) ?? []) {
    if (!graph.has(w)) continue
    if (!idx.has(w)) {
      connect(w)
      low.set(v, Math.min(low.get(v), low.get(w)))
    } else if (onStack.has(w)) {
      low.set(v, Math.min(low.get(v), idx.get(w)))
    }
  }
  if (low.get(v) === idx.get(v)) {
    const component = []
    let w
    do {
      w = stack.pop()
      onStack.delete(w)
      component.push(w)
    } while (w !== v)
    if (component.length > 1 || (graph.get(v) ?? new Set()).has(v)) cycles.push(component)
  }
}
for (const v of graph.keys()) if (!idx.has(v)) connect(v)

const rel = (f) => path.relative(process.cwd(), f)
const modelsOnly = (c) => new Set(c.map((f) => path.dirname(f))).size === 1 && path.basename(path.dirname(c[0])) === "models"
const allowed = cycles.filter(modelsOnly)
cycles.splice(0, cycles.length, ...cycles.filter((c) => !modelsOnly(c)))
if (cycles.length) {
  console.error(`${cycles.length} import circle(s) among ${files.length} files:`)
  for (const c of cycles) console.error(`  ${c.map(rel).sort().join(" ↔ ")}`)
  process.exit(1)
}
console.log(
  `no import circles among ${files.length} files (${[...graph.values()].reduce((n, d) => n + d.size, 0)} runtime imports; ` +
    `${allowed.length} between data models through relation thunks)`
)
