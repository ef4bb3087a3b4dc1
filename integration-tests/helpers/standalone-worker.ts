/**
 * A reward worker in a process of its own: the agent module booted alone
 * (as Medusa boots it in a `worker` process), consuming the reward queue
 * until killed. Used by the SIGKILL test and `npm run bench:rewards`.
 *
 * Env: RL_WORKER_DB_URL, RL_WORKER_DB_SCHEMA, RL_WORKER_OPTIONS (JSON plugin options).
 */
import path from "path"
import { MetadataStorage } from "@medusajs/framework/mikro-orm/core"
import { initModules } from "@medusajs/test-utils"

async function main() {
  MetadataStorage.clear()
  const options = JSON.parse(process.env.RL_WORKER_OPTIONS ?? "{}")
  const { shutdown } = await initModules({
    databaseConfig: { clientUrl: process.env.RL_WORKER_DB_URL!, schema: process.env.RL_WORKER_DB_SCHEMA ?? "public" },
    modulesConfig: {
      rlAgent: { resolve: path.join(__dirname, "../../src/modules/rl-agent"), options },
    },
  })
  process.send?.({ ready: true })
  const stop = async () => {
    await shutdown()
    process.exit(0)
  }
  process.on("SIGTERM", stop)
  process.on("SIGINT", stop)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
