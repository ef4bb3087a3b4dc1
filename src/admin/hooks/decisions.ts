import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { pollInterval } from "../lib/polling"
import { sdk } from "../lib/sdk"
import type { DecisionFilters, DecisionRow } from "../lib/types"
import { rlQueryKeys } from "./query-keys"

const clean = (filters: DecisionFilters) =>
  Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== ""))

export function useRlDecisions(filters: DecisionFilters, page: { offset: number; limit: number }) {
  const query = { ...clean(filters), ...page }
  return useQuery({
    queryKey: rlQueryKeys.decisions(query),
    queryFn: () => sdk.client.fetch<{ decisions: DecisionRow[]; count: number }>("/admin/rl/decisions", { query }),
    placeholderData: keepPreviousData,
    refetchInterval: pollInterval,
  })
}

/** Downloads the filtered decision log as CSV (up to 50,000 rows) through the authenticated client. */
export async function downloadDecisionsCsv(filters: DecisionFilters): Promise<number> {
  const res = await sdk.client.fetch<Response>("/admin/rl/decisions", {
    query: { ...clean(filters), format: "csv" },
    headers: { accept: "text/csv" },
  })
  const blob = await res.blob()
  const url = URL.createObjectURL(blob)
  const a = document.createElement("a")
  a.href = url
  a.download = `rl-decisions-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-")}.csv`
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
  return Number(res.headers.get("x-total-count") ?? 0)
}
