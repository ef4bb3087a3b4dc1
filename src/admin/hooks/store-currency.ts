import { useQuery } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"
import { rlQueryKeys } from "./query-keys"

/**
 * The store's default currency and the ones it sells in: a chart of revenue
 * shows one currency at a time (the default first), amounts that are sums
 * over currencies (a product's or customer's) say so when there are several.
 */
export function useStoreCurrency(): { currency: string; currencies: string[]; multiple: boolean } {
  const { data } = useQuery({
    queryKey: rlQueryKeys.storeCurrency(),
    queryFn: () => sdk.admin.store.list({ fields: "supported_currencies.currency_code,supported_currencies.is_default" }),
    staleTime: 5 * 60_000,
  })
  const currencies = (data?.stores?.[0]?.supported_currencies ?? []) as Array<{ currency_code: string; is_default: boolean }>
  const currency = currencies.find((c) => c.is_default)?.currency_code ?? currencies[0]?.currency_code ?? "usd"
  return { currency, currencies: currencies.map((c) => c.currency_code), multiple: currencies.length > 1 }
}
