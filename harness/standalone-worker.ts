/**
 * A reward worker in a process of its own: the agent module booted alone in
 * Medusa's `worker` mode, consuming the reward queues until stopped. Used by
 * the SIGKILL test and `npm run bench:rewards`.
 *
 * Env: RL_WORKER_DB_URL, RL_WORKER_DB_SCHEMA, RL_WORKER_OPTIONS (JSON plugin options).
 */
import { bootAgentModule } from "./boot-agent-module"

async function main() {
  const { shutdown } = await bootAgentModule({
    clientUrl: process.env.RL_WORKER_DB_URL!,
    schema: process.env.RL_WORKER_DB_SCHEMA ?? "public",
    options: JSON.parse(process.env.RL_WORKER_OPTIONS ?? "{}"),
    workerMode: "worker",
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
