import { useQuery } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"
import { rlQueryKeys } from "./query-keys"

/**
 * The store's default currency and how many it sells in: amounts the
 * dashboard cannot split by currency (the hourly rollups) are shown in the
 * default one, flagged when the store has several.
 */
export function useStoreCurrency(): { currency: string; multiple: boolean } {
  const { data } = useQuery({
    queryKey: rlQueryKeys.storeCurrency(),
    queryFn: () => sdk.admin.store.list({ fields: "supported_currencies.currency_code,supported_currencies.is_default" }),
    staleTime: 5 * 60_000,
  })
  const currencies = (data?.stores?.[0]?.supported_currencies ?? []) as Array<{ currency_code: string; is_default: boolean }>
  const currency = currencies.find((c) => c.is_default)?.currency_code ?? currencies[0]?.currency_code ?? "usd"
  return { currency, multiple: currencies.length > 1 }
}
