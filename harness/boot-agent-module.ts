import path from "path"
import { MedusaApp, MedusaModule } from "@medusajs/framework/modules-sdk"
import { ContainerRegistrationKeys, createPgConnection } from "@medusajs/framework/utils"
import type RlAgentModuleService from "../src/modules/rl-agent/service"

/**
 * Boots the agent module alone, in a given Medusa worker mode: `server`
 * enqueues only, `worker` runs the reward workers. The shape of a scaled-out
 * store, without the HTTP server.
 */
export async function bootAgentModule(args: {
  clientUrl: string
  schema?: string
  options: Record<string, unknown>
  workerMode: "shared" | "worker" | "server"
}): Promise<{ service: RlAgentModuleService; shutdown: () => Promise<void> }> {
  const pg = createPgConnection({ clientUrl: args.clientUrl, schema: args.schema ?? "public" })
  const app = await MedusaApp({
    modulesConfig: {
      rlAgent: { resolve: path.join(__dirname, "../src/modules/rl-agent"), options: args.options },
    },
    injectedDependencies: { [ContainerRegistrationKeys.PG_CONNECTION]: pg },
    workerMode: args.workerMode,
  } as any)
  await app.onApplicationStart()
  return {
    service: app.modules.rlAgent as unknown as RlAgentModuleService,
    shutdown: async () => {
      await app.onApplicationPrepareShutdown()
      await app.onApplicationShutdown()
      await pg.destroy()
      MedusaModule.clearInstances()
    },
  }
}
