import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"

export type AdminRlAgent = {
  id: string
  epsilon: number
  epsilon_min: number
  epsilon_decay: number
  alpha: number
  gamma: number
  episode_count: number
  model_version: number
  learning_enabled: boolean
  last_update_at: string | null
  q_table: { states: number; entries: number }
}

export type AdminRlHealth = {
  status: "ok" | "degraded"
  postgres: { status: string; latency_ms?: number; error?: string }
  redis: { status: string; latency_ms?: number; error?: string }
  agent: { status: string }
}

export const rlQueryKeys = {
  all: ["rl"] as const,
  agent: () => [...rlQueryKeys.all, "agent"] as const,
  health: () => [...rlQueryKeys.all, "health"] as const,
}

/** Polls every 30 s, backing off (up to 5 min) while the backend errors. */
const POLL_MS = 30_000
const backoff = (failures: number) => Math.min(POLL_MS * 2 ** failures, 300_000)

export function useRlAgent() {
  return useQuery({
    queryKey: rlQueryKeys.agent(),
    queryFn: () => sdk.client.fetch<{ agent: AdminRlAgent }>("/admin/rl/agent"),
    refetchInterval: (query) => backoff(query.state.fetchFailureCount),
  })
}

export function useRlHealth() {
  return useQuery({
    queryKey: rlQueryKeys.health(),
    queryFn: () => sdk.client.fetch<AdminRlHealth>("/admin/rl/health"),
    refetchInterval: (query) => backoff(query.state.fetchFailureCount),
  })
}

export function useUpdateRlAgent() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: Partial<Pick<AdminRlAgent, "epsilon" | "alpha" | "gamma" | "learning_enabled">>) =>
      sdk.client.fetch<{ agent: AdminRlAgent }>("/admin/rl/agent", { method: "PATCH", body }),
    onSuccess: () => client.invalidateQueries({ queryKey: rlQueryKeys.all }),
  })
}
