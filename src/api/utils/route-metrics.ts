/**
 * What this process measures of the plugin's store routes: each route's
 * latency histogram and responses by status class, and the decisions it
 * served by strategy, counted from the process's start for the metrics route
 * (Prometheus adds the processes up); and the same per minute, which the
 * process writes to Postgres every few seconds for the alerts, which judge
 * every server process together (src/monitoring/alerts.ts). In memory,
 * constant size.
 */
import { container as appContainer } from "@medusajs/framework"
import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { hostname } from "os"
import { LatencyHistogram, memoryRatio } from "../../monitoring/latency"
import { RL_AGENT_MODULE } from "../../modules/rl-agent"
import type RlAgentModuleService from "../../modules/rl-agent/service"
import type { RouteMinute } from "../../modules/rl-agent/types/shapes"

export const TIMED_ROUTES = ["recommendations", "feedback"] as const
export type TimedRoute = (typeof TIMED_ROUTES)[number]

/** How often a server process writes its minutes; the alert check reads them. */
export const ROUTE_MINUTES_FLUSH_MS = 10_000

type Minute = { latency: LatencyHistogram; requests: number; server_errors: number }

export class RouteMetrics {
  readonly latency = new Map<TimedRoute, LatencyHistogram>(TIMED_ROUTES.map((r) => [r, new LatencyHistogram()]))
  /** `route|2xx` → responses */
  readonly responses = new Map<string, number>()
  /** `strategy|explored|placement` → decisions */
  readonly decisions = new Map<string, number>()
  /** minute start (ms) → route → that minute's responses, until written */
  readonly minutes = new Map<number, Map<TimedRoute, Minute>>()
  /** this process among the others writing their minutes */
  readonly process = `${hostname()}:${process.pid}:${Date.now()}`

  response(route: TimedRoute, status: number, seconds: number, now = Date.now()): void {
    this.latency.get(route)!.observe(seconds)
    const key = `${route}|${Math.floor(status / 100)}xx`
    this.responses.set(key, (this.responses.get(key) ?? 0) + 1)
    const start = now - (now % 60_000)
    let minute = this.minutes.get(start)
    if (!minute) this.minutes.set(start, (minute = new Map()))
    let m = minute.get(route)
    if (!m) minute.set(route, (m = { latency: new LatencyHistogram(), requests: 0, server_errors: 0 }))
    m.latency.observe(seconds)
    m.requests++
    if (status >= 500) m.server_errors++
  }

  decision(strategy: string, explored: boolean, placement: string): void {
    const key = `${strategy}|${explored}|${placement}`
    this.decisions.set(key, (this.decisions.get(key) ?? 0) + 1)
  }

  /**
   * The rows to write: every minute still held, and this minute for every
   * route (with no requests, it still carries the process's memory). Each row
   * holds the minute's totals so far: writing it again replaces it.
   */
  minuteRows(now = Date.now()): RouteMinute[] {
    const current = now - (now % 60_000)
    const memory = memoryRatio()
    const rows: RouteMinute[] = []
    for (const start of new Set([...this.minutes.keys(), current])) {
      for (const route of TIMED_ROUTES) {
        const m = this.minutes.get(start)?.get(route)
        if (!m && start !== current) continue
        rows.push({
          process: this.process,
          minute: new Date(start),
          route,
          requests: m?.requests ?? 0,
          server_errors: m?.server_errors ?? 0,
          buckets: m ? [...m.latency.counts] : [],
          memory_ratio: memory,
        })
      }
    }
    return rows
  }

  /** After a write: the minutes before `now`'s are complete and written. */
  written(now = Date.now()): void {
    const current = now - (now % 60_000)
    for (const start of this.minutes.keys()) if (start < current) this.minutes.delete(start)
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

/** Writes this process's minutes (the alert check and the admin's "Check now" call it too). */
export async function flushRouteMinutes(container: MedusaContainer = appContainer): Promise<void> {
  const now = Date.now()
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  await rl.recordRouteMinutes(routeMetrics.minuteRows(now))
  routeMetrics.written(now)
}

let flushing: NodeJS.Timeout | null = null

/**
 * Writes this process's minutes every ROUTE_MINUTES_FLUSH_MS, from the API
 * layer (src/api/middlewares.ts: processes that serve HTTP). A failed write
 * keeps the minutes for the next one and is logged once until one succeeds.
 * The timer does not hold the process open.
 */
export function scheduleRouteMinutesFlush(container: MedusaContainer = appContainer): void {
  if (flushing) return
  let failing = false
  flushing = setInterval(() => {
    flushRouteMinutes(container).then(
      () => (failing = false),
      (e) => {
        if (!failing) {
          container
            .resolve<Logger>(ContainerRegistrationKeys.LOGGER)
            .warn(`rl-agent: could not write the route minutes the alerts read (kept for the next try): ${(e as Error).message}`)
        }
        failing = true
      }
    )
  }, ROUTE_MINUTES_FLUSH_MS)
  flushing.unref()
}
