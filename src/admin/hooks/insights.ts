import { useQuery } from "@tanstack/react-query"
import { pollInterval } from "../lib/polling"
import { sdk } from "../lib/sdk"
import type { CustomerInsight, ProductInsight } from "../lib/types"
import { rlQueryKeys } from "./query-keys"

export function useRlCustomer(id: string) {
  return useQuery({
    queryKey: rlQueryKeys.customer(id),
    queryFn: () => sdk.client.fetch<{ customer: CustomerInsight }>(`/admin/rl/customers/${id}`, { query: { limit: 5 } }),
    refetchInterval: pollInterval,
  })
}

export function useRlProduct(id: string) {
  return useQuery({
    queryKey: rlQueryKeys.product(id),
    queryFn: () => sdk.client.fetch<{ product: ProductInsight }>(`/admin/rl/products/${id}`),
    refetchInterval: pollInterval,
  })
}
