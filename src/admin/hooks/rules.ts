import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"
import type { Rule, RuleAuditEntry, RuleInput } from "../lib/types"
import { rlQueryKeys } from "./query-keys"

export function useRlRules() {
  return useQuery({
    queryKey: rlQueryKeys.rules(),
    queryFn: () => sdk.client.fetch<{ rules: Rule[]; count: number }>("/admin/rl/rules"),
  })
}

export function useRlRuleAudit(limit = 10) {
  return useQuery({
    queryKey: [...rlQueryKeys.rules(), "audit", limit],
    queryFn: () => sdk.client.fetch<{ audit: RuleAuditEntry[]; count: number }>("/admin/rl/rules/audit", { query: { limit } }),
  })
}

export function useCreateRule() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: RuleInput) => sdk.client.fetch<{ rule: Rule }>("/admin/rl/rules", { method: "POST", body }),
    onSuccess: () => client.invalidateQueries({ queryKey: rlQueryKeys.rules() }),
  })
}

export function useUpdateRule() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ id, ...body }: Partial<RuleInput> & { id: string }) =>
      sdk.client.fetch<{ rule: Rule }>(`/admin/rl/rules/${id}`, { method: "POST", body }),
    onSuccess: () => client.invalidateQueries({ queryKey: rlQueryKeys.rules() }),
  })
}

export function useDeleteRule() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => sdk.client.fetch<{ id: string; deleted: boolean }>(`/admin/rl/rules/${id}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: rlQueryKeys.rules() }),
  })
}
