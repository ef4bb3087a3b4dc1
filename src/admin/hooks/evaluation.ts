import { useQuery } from "@tanstack/react-query"
import { FetchError } from "@medusajs/js-sdk"
import { pollInterval } from "../lib/polling"
import { sdk } from "../lib/sdk"
import type { Evaluation, Ope } from "../lib/types"
import { rlQueryKeys } from "./query-keys"

/** The stored offline evaluation report, or null when none has been loaded. */
export function useRlEvaluation() {
  return useQuery({
    queryKey: rlQueryKeys.evaluation(),
    queryFn: async () => {
      try {
        return (await sdk.client.fetch<{ evaluation: Evaluation }>("/admin/rl/evaluations/latest")).evaluation
      } catch (e) {
        if (e instanceof FetchError && e.status === 404) return null
        throw e
      }
    },
  })
}

export function useRlOpe(policy: string) {
  return useQuery({
    queryKey: rlQueryKeys.ope(policy),
    queryFn: () => sdk.client.fetch<{ ope: Ope }>("/admin/rl/evaluations/ope", { query: { policy } }),
    refetchInterval: pollInterval,
  })
}
