import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { pollInterval } from "../lib/polling"
import { sdk } from "../lib/sdk"
import type { AdminRlAgent, AdminRlHealth } from "../lib/types"
import { rlQueryKeys } from "./query-keys"

export function useRlAgent() {
  return useQuery({
    queryKey: rlQueryKeys.agent(),
    queryFn: () => sdk.client.fetch<{ agent: AdminRlAgent }>("/admin/rl/agent"),
    refetchInterval: pollInterval,
  })
}

export function useRlHealth() {
  return useQuery({
    queryKey: rlQueryKeys.health(),
    queryFn: () => sdk.client.fetch<AdminRlHealth>("/admin/rl/health"),
    refetchInterval: pollInterval,
  })
}

export type AgentUpdate = Partial<
  Pick<AdminRlAgent, "epsilon" | "epsilon_min" | "epsilon_decay" | "alpha" | "gamma" | "learning_enabled" | "serving_strategy" | "explore_full_list" | "explore_min_stock">
> & {
  /** null: all six again */
  explore_strategies?: AdminRlAgent["explore_strategies"] | null
}

export function useUpdateRlAgent() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: AgentUpdate) =>
      sdk.client.fetch<{ agent: AdminRlAgent }>("/admin/rl/agent", { method: "PATCH", body }),
    onSuccess: () => client.invalidateQueries({ queryKey: rlQueryKeys.all }),
  })
}
