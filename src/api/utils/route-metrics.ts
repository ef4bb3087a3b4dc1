/**
 * What this process measures of the plugin's store routes, for the metrics
 * route (Prometheus): each route's latency histogram and responses by status
 * class, and the decisions it served by strategy. In memory, constant size,
 * per process (Prometheus adds the processes up); counted from the process's
 * start, as counters are.
 */
import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { LatencyHistogram } from "../../monitoring/latency"

export const TIMED_ROUTES = ["recommendations", "feedback"] as const
export type TimedRoute = (typeof TIMED_ROUTES)[number]

export class RouteMetrics {
  readonly latency = new Map<TimedRoute, LatencyHistogram>(TIMED_ROUTES.map((r) => [r, new LatencyHistogram()]))
  /** `route|2xx` → responses */
  readonly responses = new Map<string, number>()
  /** `strategy|explored|placement` → decisions */
  readonly decisions = new Map<string, number>()

  response(route: TimedRoute, status: number, seconds: number): void {
    this.latency.get(route)!.observe(seconds)
    const key = `${route}|${Math.floor(status / 100)}xx`
    this.responses.set(key, (this.responses.get(key) ?? 0) + 1)
  }

  decision(strategy: string, explored: boolean, placement: string): void {
    const key = `${strategy}|${explored}|${placement}`
    this.decisions.set(key, (this.decisions.get(key) ?? 0) + 1)
  }
}

export const routeMetrics = new RouteMetrics()

/** Times the route from the middleware stack's start to the response's end, whatever its status (429s and 400s too). */
export function timeRoute(route: TimedRoute) {
  return (_req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    const started = process.hrtime.bigint()
    res.once("finish", () => routeMetrics.response(route, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9))
    next()
  }
}
