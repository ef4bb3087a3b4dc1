import { useQuery } from "@tanstack/react-query"
import { pollInterval } from "../lib/polling"
import { sdk } from "../lib/sdk"
import type { ActivitySummary, ConvergenceResponse, MetricsQuery, MetricsRow } from "../lib/types"
import { rlQueryKeys } from "./query-keys"

/** Decisions and rewards of the last 24 h, live from the log. */
export function useRlSummary() {
  return useQuery({
    queryKey: rlQueryKeys.summary(),
    queryFn: () => sdk.client.fetch<{ summary: ActivitySummary }>("/admin/rl/metrics/summary"),
    refetchInterval: pollInterval,
  })
}

export function useRlMetrics(query: MetricsQuery) {
  return useQuery({
    queryKey: rlQueryKeys.metrics(query),
    queryFn: () => sdk.client.fetch<{ metrics: MetricsRow[] }>("/admin/rl/metrics", { query }),
    refetchInterval: pollInterval,
  })
}

/** The serving model's convergence days (its training's, then live) and their reading. */
export function useRlConvergence(days = 60) {
  return useQuery({
    queryKey: rlQueryKeys.convergence(days),
    queryFn: () => sdk.client.fetch<ConvergenceResponse>("/admin/rl/metrics/convergence", { query: { days } }),
    refetchInterval: pollInterval,
  })
}
