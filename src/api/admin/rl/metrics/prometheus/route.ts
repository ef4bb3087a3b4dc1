import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { getHeapStatistics } from "v8"
import { ALERT_KINDS } from "../../../../../monitoring/alerts"
import { renderPrometheus, type MetricFamily } from "../../../../../monitoring/prometheus"
import { RL_AGENT_MODULE } from "../../../../../modules/rl-agent"
import type RlAgentModuleService from "../../../../../modules/rl-agent/service"
import { catalogCache } from "../../../../../workflows/recommendations/catalog-cache"
import { routeMetrics } from "../../../../utils/route-metrics"

const gauge = (name: string, help: string, value: number | null, labels?: Record<string, string>): MetricFamily => ({
  name,
  help,
  type: "gauge",
  samples: value === null ? [] : [{ labels, value }],
})

/**
 * The plugin's metrics in Prometheus' text format, for an ops stack to
 * scrape (admin authentication, e.g. a secret API key: README "Metrics").
 * What this process measured (route latency and responses, decisions served,
 * memory, catalogue snapshots: counters since its start), then the store's
 * shared state read at scrape time (queue, outbox, Q-table, the last hour's
 * activity). Scrape every server process to see them all.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const hourAgo = new Date(Date.now() - 3_600_000)
  const [agent, backlog, redis, hour, firing, byKind] = await Promise.all([
    rl.getAgent(),
    rl.getOutboxBacklog(),
    rl.pingRedis(),
    rl.getActivitySummary(hourAgo),
    rl.listAlerts({ status: "firing" }, { offset: 0, limit: ALERT_KINDS.length }),
    rl.getRewardsByKind(hourAgo),
  ])
  const [table, queue] = await Promise.all([
    rl.getTableStats(agent.model_version),
    redis.status === "down" ? null : rl.getQueueCounts().catch(() => null),
  ])
  const memory = process.memoryUsage()
  const catalog = catalogCache.stats()
  const families: MetricFamily[] = [
    {
      name: "rl_http_request_duration_seconds",
      help: "Latency of the plugin's store routes in this process, from the route's first middleware to the response's end.",
      type: "histogram",
      series: [...routeMetrics.latency].map(([route, histogram]) => ({ labels: { route }, histogram })),
    },
    {
      name: "rl_http_responses_total",
      help: "Responses of the plugin's store routes in this process, by status class.",
      type: "counter",
      samples: [...routeMetrics.responses].map(([key, value]) => {
        const [route, code] = key.split("|")
        return { labels: { route, code }, value }
      }),
    },
    {
      name: "rl_decisions_total",
      help: "Recommendations served by this process, by strategy, exploration and placement.",
      type: "counter",
      samples: [...routeMetrics.decisions].map(([key, value]) => {
        const [strategy, explored, placement] = key.split("|")
        return { labels: { strategy, explored, placement }, value }
      }),
    },
    gauge("rl_process_resident_memory_bytes", "Resident memory of this process.", memory.rss),
    gauge("rl_process_heap_used_bytes", "V8 heap in use in this process.", memory.heapUsed),
    gauge("rl_process_heap_limit_bytes", "V8 heap limit of this process.", getHeapStatistics().heap_size_limit),
    {
      name: "rl_catalog_snapshot_products",
      help: "Products in each catalogue snapshot this process holds (sales channel | region | currency).",
      type: "gauge",
      samples: catalog.snapshots.map((s) => ({ labels: { key: s.key, partial: String(s.partial) }, value: s.products })),
    },
    {
      name: "rl_catalog_refreshes_total",
      help: "Background catalogue refreshes of this process, by kind.",
      type: "counter",
      samples: Object.entries(catalog.refreshes).map(([kind, value]) => ({ labels: { kind }, value })),
    },
    {
      name: "rl_queue_jobs",
      help: "Reward queue jobs by state (BullMQ, or the in-process queue without Redis).",
      type: "gauge",
      samples: queue
        ? (["waiting", "active", "delayed", "failed", "completed"] as const).map((state) => ({ labels: { state }, value: queue[state] }))
        : [],
    },
    gauge("rl_redis_up", "1 when the reward queue's Redis answers (or none is configured), 0 when it does not.", redis.status === "down" ? 0 : 1),
    gauge("rl_outbox_pending_jobs", "Reward jobs kept in Postgres while the queue's Redis was unreachable.", backlog.pending),
    gauge(
      "rl_outbox_oldest_age_seconds",
      "Age of the oldest job in the outbox (0 when empty).",
      backlog.oldest_at ? Math.max(0, (Date.now() - backlog.oldest_at.getTime()) / 1000) : 0
    ),
    gauge("rl_qtable_states", "States in the serving model version's Q-table.", table.states),
    gauge("rl_qtable_entries", "(state, strategy) cells in the serving model version's Q-table.", table.entries),
    gauge("rl_agent_epsilon", "The exploration rate now.", agent.epsilon),
    gauge("rl_agent_model_version", "The model version being served.", agent.model_version),
    gauge("rl_agent_learning_enabled", "1 while rewards move the Q-table.", agent.learning_enabled ? 1 : 0),
    gauge("rl_last_hour_decisions", "Decisions of the last hour, every process (from the decision log).", hour.decisions),
    gauge("rl_last_hour_rewards", "Rewards earned by the last hour's decisions.", hour.rewards),
    gauge("rl_last_hour_engagements", "Clicks and adds to cart of the last hour's decisions.", hour.engagements),
    gauge("rl_last_hour_conversions", "Orders attributed to the last hour's decisions.", hour.conversions),
    {
      name: "rl_last_hour_rewards_by_kind",
      help: "Rewards earned by the last hour's decisions, by kind (every process, from the reward log).",
      type: "gauge",
      samples: Object.entries(byKind).map(([kind, value]) => ({ labels: { kind }, value })),
    },
    {
      name: "rl_alert_firing",
      help: "1 while the plugin's alert of that kind is firing (README \"Alerts\"), else 0.",
      type: "gauge",
      samples: ALERT_KINDS.map((kind) => ({ labels: { kind }, value: firing.alerts.some((a) => a.kind === kind) ? 1 : 0 })),
    },
  ]
  res.setHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
  res.send(renderPrometheus(families))
}
