import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { pollInterval } from "../lib/polling"
import { sdk } from "../lib/sdk"
import type { PromotionVerdict } from "../../evaluation/promotion"
import type { FailedJob, ImportRun, Snapshot } from "../lib/types"
import { rlQueryKeys } from "./query-keys"

export function useRlSnapshots(limit = 10) {
  return useQuery({
    queryKey: [...rlQueryKeys.snapshots(), limit],
    queryFn: () => sdk.client.fetch<{ snapshots: Snapshot[]; count: number }>("/admin/rl/snapshots", { query: { limit } }),
    refetchInterval: pollInterval,
  })
}

/** Snapshots a candidate can be made of (a shadow, an experiment's model arm): those holding Q values. */
export function useCandidateSnapshots() {
  const { data } = useRlSnapshots(20)
  return (data?.snapshots ?? []).filter((s) => s.entries > 0)
}

export function useCreateSnapshot() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (label?: string) =>
      sdk.client.fetch<{ snapshot: Snapshot }>("/admin/rl/snapshots", { method: "POST", body: label ? { label } : {} }),
    onSuccess: () => client.invalidateQueries({ queryKey: rlQueryKeys.snapshots() }),
  })
}

export function useRestoreSnapshot() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch<{ restored: { model_version: number; entries: number; pre_restore_snapshot_id: string } }>(
        `/admin/rl/snapshots/${id}/restore`,
        { method: "POST", body: { confirm: true } }
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: rlQueryKeys.all }),
  })
}

/** Judges a snapshot as a candidate to serve: its off-policy value on the live log against the current policy's. */
export function useJudgePromotion() {
  return useMutation({
    mutationFn: async (id: string) =>
      (await sdk.client.fetch<{ promotion: PromotionVerdict }>(`/admin/rl/snapshots/${id}/promotion`)).promotion,
  })
}

/** Promotes a snapshot to serving (the server refuses it when the promotion rule does not allow it). */
export function usePromoteSnapshot() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch<{ restored: { model_version: number; entries: number; pre_restore_snapshot_id: string } }>(`/admin/rl/snapshots/${id}/promote`, {
        method: "POST",
        body: {},
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: rlQueryKeys.all }),
  })
}

export function useRlFailedJobs() {
  return useQuery({
    queryKey: rlQueryKeys.failedJobs(),
    queryFn: () => sdk.client.fetch<{ failed_jobs: FailedJob[]; count: number }>("/admin/rl/failed-jobs", { query: { limit: 20 } }),
    refetchInterval: pollInterval,
  })
}

export function useRetryFailedJobs() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (ids?: string[]) =>
      sdk.client.fetch<{ retried: number }>("/admin/rl/failed-jobs/retry", { method: "POST", body: ids ? { ids } : {} }),
    onSuccess: () => client.invalidateQueries({ queryKey: rlQueryKeys.failedJobs() }),
  })
}

export function useRlImports() {
  return useQuery({
    queryKey: rlQueryKeys.imports(),
    queryFn: () => sdk.client.fetch<{ import_runs: ImportRun[]; count: number }>("/admin/rl/imports", { query: { limit: 5 } }),
    // a running import is polled every 2 s for its progress bar
    refetchInterval: (query) =>
      query.state.data?.import_runs.some((r) => r.status === "running") ? 2_000 : pollInterval(query),
  })
}

export function useStartImport() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData()
      form.append("file", file)
      // the browser sets the multipart boundary: the client's JSON content type must not
      return sdk.client.fetch<{ import_run: ImportRun }>("/admin/rl/imports", {
        method: "POST",
        body: form,
        headers: { "content-type": null as unknown as string },
      })
    },
    onSuccess: () => client.invalidateQueries({ queryKey: rlQueryKeys.imports() }),
  })
}
