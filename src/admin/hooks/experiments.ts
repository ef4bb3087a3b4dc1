import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { ArmSpec, ExperimentMetric } from "../../learning/experiments"
import { pollInterval } from "../lib/polling"
import { sdk } from "../lib/sdk"
import type { Experiment, ExperimentResultsResponse } from "../lib/types"
import { rlQueryKeys } from "./query-keys"

export function useRlExperiments() {
  return useQuery({
    queryKey: rlQueryKeys.experiments(),
    queryFn: () => sdk.client.fetch<{ experiments: Experiment[]; count: number }>("/admin/rl/experiments", { query: { limit: 20 } }),
    refetchInterval: pollInterval,
  })
}

/** An experiment's arms and their comparison with the control. */
export function useRlExperiment(id: string | null) {
  return useQuery({
    queryKey: rlQueryKeys.experiment(id ?? ""),
    queryFn: () => sdk.client.fetch<ExperimentResultsResponse>(`/admin/rl/experiments/${id}`),
    enabled: !!id,
    refetchInterval: pollInterval,
  })
}

export function useCreateExperiment() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: { name: string; arms: ArmSpec[]; metric: ExperimentMetric; currency_code?: string }) =>
      sdk.client.fetch<{ experiment: Experiment }>("/admin/rl/experiments", { method: "POST", body }),
    onSuccess: () => client.invalidateQueries({ queryKey: rlQueryKeys.experiments() }),
  })
}

export function useStopExperiment() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ id, winner_arm, make_default }: { id: string; winner_arm?: string; make_default?: boolean }) =>
      sdk.client.fetch<{ experiment: Experiment }>(`/admin/rl/experiments/${id}/stop`, {
        method: "POST",
        body: winner_arm ? { winner_arm, make_default: !!make_default } : {},
      }),
    // the agent's serving strategy may have changed too
    onSuccess: () => client.invalidateQueries({ queryKey: rlQueryKeys.all }),
  })
}
