import { useMutation, useQuery } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"
import type { Preview, PreviewInput, Simulation } from "../lib/types"

export function usePreviewRecommendation() {
  return useMutation({
    mutationFn: (body: PreviewInput) => sdk.client.fetch<{ preview: Preview }>("/admin/rl/tester", { method: "POST", body }),
  })
}

export function useSimulateFeedback() {
  return useMutation({
    mutationFn: (body: { state_key: string; strategy: string; event: string; revenue?: number }) =>
      sdk.client.fetch<{ simulation: Simulation }>("/admin/rl/tester/simulate", { method: "POST", body }),
  })
}

/** Customers matching a search, through Medusa's own admin API. */
export function useCustomerSearch(q: string) {
  return useQuery({
    queryKey: ["rl", "tester", "customers", q],
    queryFn: () => sdk.admin.customer.list({ q: q || undefined, limit: 8, fields: "id,email,first_name,last_name" }),
    enabled: q.length === 0 || q.length >= 2,
  })
}

/** Products matching a search, through Medusa's own admin API. */
export function useProductSearch(q: string) {
  return useQuery({
    queryKey: ["rl", "tester", "products", q],
    queryFn: () => sdk.admin.product.list({ q: q || undefined, limit: 8, fields: "id,title,thumbnail" }),
    enabled: q.length === 0 || q.length >= 2,
  })
}
