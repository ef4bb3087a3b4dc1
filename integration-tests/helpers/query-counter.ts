import { createRequire } from "module"
import path from "path"

/**
 * Counts the SQL statements the in-process Medusa server sends while `fn`
 * runs, by wrapping `query` of every copy of `pg` it can load (knex and
 * MikroORM each may bring their own). Statements the test's own code or
 * background jobs send at the same moment are counted too, so callers take
 * the lowest of a few runs.
 */
const ROOT = path.resolve(__dirname, "../..")
const requireFromRoot = createRequire(path.join(ROOT, "package.json"))
const PG_COPIES = ["pg", "@mikro-orm/postgresql/node_modules/pg"]

let count = 0
let installed = false

function install() {
  if (installed) return
  installed = true
  for (const name of PG_COPIES) {
    let pg: any
    try {
      pg = requireFromRoot(name)
    } catch {
      continue
    }
    const proto = pg.Client?.prototype
    if (!proto || proto.__rlCounted) continue
    const original = proto.query
    proto.query = function (this: unknown, ...args: unknown[]) {
      count++
      return original.apply(this, args)
    }
    proto.__rlCounted = true
  }
}

export async function countQueries(fn: () => Promise<unknown>, runs = 3): Promise<number> {
  install()
  let best = Infinity
  for (let i = 0; i < runs; i++) {
    const before = count
    await fn()
    best = Math.min(best, count - before)
  }
  return best
}
