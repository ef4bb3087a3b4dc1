import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { pollInterval } from "../lib/polling"
import { sdk } from "../lib/sdk"
import type { AlertsResponse } from "../lib/types"
import { rlQueryKeys } from "./query-keys"

/** The alerts, firing first, then the newest resolved. */
export function useRlAlerts(limit = 10) {
  return useQuery({
    queryKey: [...rlQueryKeys.alerts(), limit],
    queryFn: () => sdk.client.fetch<AlertsResponse>("/admin/rl/alerts", { query: { limit } }),
    refetchInterval: pollInterval,
  })
}

/** Runs the alert check now (the scheduled job does every minute). */
export function useCheckAlerts() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => sdk.client.fetch<{ transitions: Array<{ kind: string; action: string }> }>("/admin/rl/alerts/check", { method: "POST", body: {} }),
    onSuccess: () => client.invalidateQueries({ queryKey: rlQueryKeys.alerts() }),
  })
}
