import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { RL_AGENT_MODULE } from "../../../../modules/rl-agent"
import type RlAgentModuleService from "../../../../modules/rl-agent/service"
import { catalogCache } from "../../../../workflows/recommendations/catalog-cache"

async function queueHealth(rl: RlAgentModuleService) {
  const [counts, failed] = await Promise.all([rl.getQueueCounts(), rl.listFailedJobs(0, 1)])
  return {
    ...counts,
    last_error: failed.jobs[0] ? { job_id: failed.jobs[0].id, reason: failed.jobs[0].failed_reason, at: failed.jobs[0].failed_at } : null,
  }
}

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const [postgres, redis] = await Promise.all([rl.pingDatabase(), rl.pingRedis()])
  const agent = postgres.status === "ok" ? await rl.getAgent() : null
  const table = agent ? await rl.getTableStats(agent.model_version) : null
  const [queue, outbox] = await Promise.all([
    redis.status === "down" ? null : queueHealth(rl),
    postgres.status === "ok" ? rl.countOutbox() : null,
  ])
  const healthy = postgres.status === "ok" && redis.status !== "down"
  res.status(healthy ? 200 : 503).json({
    status: healthy ? "ok" : "degraded",
    postgres,
    redis,
    queue,
    // jobs kept in Postgres while the queue was unreachable, moved to it when it is back
    outbox: { pending: outbox },
    agent: agent
      ? {
          status: agent.learning_enabled ? "learning" : "paused",
          model_version: agent.model_version,
          epsilon: agent.epsilon,
          last_update_at: table?.last_visited_at ?? null,
        }
      : { status: "unknown" },
    // this process's catalogue snapshots (each server process holds its own)
    catalog: catalogCache.stats(),
  })
}
