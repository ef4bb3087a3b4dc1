import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

/**
 * A store as a merchant has it after `create-medusa-app` and the README's
 * install section: the plugin with its one required option, nothing else
 * of the demo's. Secrets come from the environment the test sets.
 */
module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:9000",
      authCors: process.env.AUTH_CORS || "http://localhost:9000",
      jwtSecret: process.env.JWT_SECRET || "fresh-store-jwt",
      cookieSecret: process.env.COOKIE_SECRET || "fresh-store-cookie",
    },
  },
  admin: { disable: true },
  plugins: [
    {
      resolve: "medusa-plugin-rl-recommendations",
      options: {
        customerHashSecret: process.env.RL_CUSTOMER_HASH_SECRET,
        redisUrl: process.env.RL_REDIS_URL,
        queuePrefix: process.env.RL_QUEUE_PREFIX,
      },
    },
  ],
})
