import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { pollInterval } from "../lib/polling"
import { sdk } from "../lib/sdk"
import type { Shadow, ShadowResponse } from "../lib/types"
import { rlQueryKeys } from "./query-keys"

export function useRlShadows() {
  return useQuery({
    queryKey: rlQueryKeys.shadows(),
    queryFn: () => sdk.client.fetch<{ shadows: Shadow[]; count: number }>("/admin/rl/shadows", { query: { limit: 10 } }),
    refetchInterval: pollInterval,
  })
}

/** A shadow's agreement with what was served and its off-policy verdict. */
export function useRlShadow(id: string | null) {
  return useQuery({
    queryKey: rlQueryKeys.shadow(id ?? ""),
    queryFn: () => sdk.client.fetch<ShadowResponse>(`/admin/rl/shadows/${id}`),
    enabled: !!id,
    refetchInterval: pollInterval,
  })
}

export function useStartShadow() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: { name: string; snapshot_id?: string; epsilon?: number }) =>
      sdk.client.fetch<{ shadow: Shadow }>("/admin/rl/shadows", { method: "POST", body }),
    onSuccess: () => client.invalidateQueries({ queryKey: rlQueryKeys.shadows() }),
  })
}

export function useStopShadow() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => sdk.client.fetch<{ shadow: Shadow }>(`/admin/rl/shadows/${id}/stop`, { method: "POST", body: {} }),
    onSuccess: () => client.invalidateQueries({ queryKey: rlQueryKeys.shadows() }),
  })
}

/** Promotes the candidate (the server refuses it, saying why, when the rule does not allow it). */
export function usePromoteShadow() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch<{ shadow: Shadow; rollback_snapshot_id: string }>(`/admin/rl/shadows/${id}/promote`, { method: "POST", body: {} }),
    // the serving table and the agent changed
    onSuccess: () => client.invalidateQueries({ queryKey: rlQueryKeys.all }),
  })
}
