/**
 * Medusa require()s medusa-config.ts, modules, routes and migrations at run
 * time, outside vitest's transform: register ts-node (swc, transpile-only)
 * for those, and reset MikroORM's metadata so each file boots cleanly.
 */
import { register } from "ts-node"
import { MetadataStorage } from "@medusajs/framework/mikro-orm/core"

if (!(process as any).__rlTsNodeRegistered) {
  register({ transpileOnly: true, swc: true, compilerOptions: { module: "commonjs" } })
  ;(process as any).__rlTsNodeRegistered = true
}

process.env.DB_HOST ??= "localhost"
process.env.DB_USERNAME ??= "postgres"
process.env.DB_PASSWORD ??= ""
process.env.DB_PORT ??= "5432"
process.env.JWT_SECRET ??= "supersecret"
process.env.COOKIE_SECRET ??= "supersecret"
// A Redis DB of its own, so a running store's workers never take test jobs.
process.env.RL_REDIS_URL ??= "redis://127.0.0.1:6379/1"

MetadataStorage.clear()
