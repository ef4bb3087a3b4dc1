import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

/**
 * Used only to develop and test the plugin itself (migrations, integration
 * tests). A store installs the plugin with `plugins: [...]`: see README.md.
 */
module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:9000",
      authCors: process.env.AUTH_CORS || "http://localhost:9000",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: { disable: true },
  modules: [
    {
      // Medusa's default (the local provider on the admin's feed), plus an "email" channel on the same
      // provider: the alerts' test sends to a second channel as a store with an email provider would
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          { resolve: "@medusajs/medusa/notification-local", id: "local", options: { name: "Local Notification Provider", channels: ["feed", "email"] } },
        ],
      },
    },
    {
      resolve: "./src/modules/rl-agent",
      options: {
        customerHashSecret: process.env.RL_CUSTOMER_HASH_SECRET || "test-secret",
        // the HTTP tests send hundreds of requests from one address; abuse.spec turns limiting on
        rateLimit: false,
        // a test seeds its store after the boot: the first request loads what it seeded (the warm-up's own test turns it on)
        catalogWarmUp: false,
        // tests pass short windows and their own queue prefix this way
        ...JSON.parse(process.env.RL_PLUGIN_OPTIONS || "{}"),
      },
    },
  ],
})
