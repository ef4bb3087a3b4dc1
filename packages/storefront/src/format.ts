/** A price as the shopper reads it; falls back to "12.50 EUR" for a currency Intl does not know. */
export function formatPrice(amount: number, currency: string, locale = "en-GB"): string {
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency: currency.toUpperCase() }).format(amount)
  } catch {
    return `${amount.toFixed(2)} ${currency.toUpperCase()}`
  }
}
