import { model } from "@medusajs/framework/utils"

/**
 * One server process's responses of one store route in one minute: what the
 * alerts read for latency, errors and memory across every process
 * (api/utils/route-metrics.ts writes them; a day is kept).
 */
const RlRouteMinute = model
  .define("rl_route_minute", {
    id: model.id({ prefix: "rlrtm" }).primaryKey(),
    // host:pid:start of the process
    process: model.text(),
    minute: model.dateTime(),
    route: model.text(),
    requests: model.number().default(0),
    server_errors: model.number().default(0),
    // the latency histogram's count per bucket (monitoring/latency.ts)
    buckets: model.json(),
    memory_ratio: model.float(),
  })
  .indexes([
    { on: ["process", "minute", "route"], unique: true },
    { on: ["minute"] },
  ])

export default RlRouteMinute
