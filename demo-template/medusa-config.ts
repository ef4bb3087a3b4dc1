import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

const redisUrl = process.env.REDIS_URL || undefined
const port = process.env.PORT || "9000"

// npm run demo generates these per demo folder (.secrets.json, copied into .env); no fixed fallback
function secret(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set: start the demo with npm run demo, which generates it in demo/.env`)
  return value
}

/**
 * The demo store. With REDIS_URL, Medusa's events and workflows and the
 * plugin's reward jobs go through Redis (BullMQ); without it, everything runs
 * in this one process and the plugin says so in the log.
 */
module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    redisUrl,
    workerMode: (process.env.MEDUSA_WORKER_MODE as "shared" | "worker" | "server") || "shared",
    http: {
      storeCors: process.env.STORE_CORS || `http://localhost:${port}`,
      adminCors: process.env.ADMIN_CORS || `http://localhost:${port}`,
      authCors: process.env.AUTH_CORS || `http://localhost:${port}`,
      jwtSecret: secret("JWT_SECRET"),
      cookieSecret: secret("COOKIE_SECRET"),
    },
  },
  admin: {
    disable: process.env.DISABLE_ADMIN === "true",
    backendUrl: process.env.MEDUSA_BACKEND_URL || `http://localhost:${port}`,
  },
  plugins: [
    {
      resolve: "medusa-plugin-rl-recommendations",
      options: {
        // the plugin's queue may live on a Redis of its own (RL_REDIS_URL), apart from Medusa's event bus and workflows
        redisUrl: process.env.RL_REDIS_URL || redisUrl,
        customerHashSecret: secret("RL_CUSTOMER_HASH_SECRET"),
        queuePrefix: process.env.RL_QUEUE_PREFIX || "rl-demo",
        // bench:api --full-reloads sets it to the time-to-live: every catalogue expiry reloads whole
        ...(process.env.RL_CATALOG_FULL_RELOAD_SECONDS ? { catalogFullReloadSeconds: Number(process.env.RL_CATALOG_FULL_RELOAD_SECONDS) } : {}),
      },
    },
  ],
  modules: redisUrl
    ? [
        { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl } },
        { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl } } },
        {
          resolve: "@medusajs/medusa/locking",
          options: { providers: [{ resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true, options: { redisUrl } }] },
        },
      ]
    : [],
})
