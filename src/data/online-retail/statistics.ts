/**
 * The state model fitted from purchase history: percentile bin edges of the
 * numeric features (cart total and size per invoice; price sensitivity and
 * engagement per customer), the category vocabulary and the countries with
 * enough customers to be their own value.
 */
import { customerFeatures } from "../../learning/profile"
import { DEFAULT_STATE_MODEL, fitStateModel, type StateModel } from "../../learning/state"
import type { CustomerPlan, PurchasePlan } from "./aggregate"
import { countryIso } from "./countries"
import { OTHER_CATEGORY, TAXONOMY } from "./taxonomy"

export function fitRetailStateModel(purchases: Iterable<PurchasePlan>, customers: CustomerPlan[], topCountries = 10): StateModel {
  const invoices = new Map<string, { total: number; items: number }>()
  const byCustomer = new Map<string, { orders: Set<string>; units: number; lowBandUnits: number; last: Date }>()
  let end = new Date(0)
  for (const p of purchases) {
    if (p.isReturn) continue
    const inv = invoices.get(p.invoice) ?? { total: 0, items: 0 }
    inv.total += p.quantity * p.unitPrice
    inv.items += p.quantity
    invoices.set(p.invoice, inv)
    if (p.invoiceDate > end) end = p.invoiceDate
    if (!p.customerId) continue
    const c = byCustomer.get(p.customerId) ?? { orders: new Set(), units: 0, lowBandUnits: 0, last: p.invoiceDate }
    c.orders.add(p.invoice)
    c.units += p.quantity
    if (p.unitPrice < 10) c.lowBandUnits += p.quantity
    if (p.invoiceDate > c.last) c.last = p.invoiceDate
    byCustomer.set(p.customerId, c)
  }
  const profiles = [...byCustomer.values()].map((c) => {
    const summary = { orders: c.orders.size, units: c.units, lowBandUnits: c.lowBandUnits, lastPurchaseAt: c.last }
    return customerFeatures(summary, end)
  })
  const invoiceSamples = [...invoices.values()]
  const model = fitStateModel(
    [
      ...invoiceSamples.map((i) => ({ cartTotal: i.total, itemCount: i.items, secondsInSession: NaN, priceSensitivity: NaN, engagementLevel: NaN })),
      ...profiles.map((p) => ({ cartTotal: NaN, itemCount: NaN, secondsInSession: NaN, ...p })),
    ],
    { cartTotal: 4, itemCount: 3, priceSensitivity: 3, engagementLevel: 3 }
  )
  const countryCounts = new Map<string, number>()
  for (const c of customers) {
    const iso = countryIso(c.country)
    if (iso) countryCounts.set(iso, (countryCounts.get(iso) ?? 0) + 1)
  }
  return {
    ...model,
    edges: { ...model.edges, secondsInSession: DEFAULT_STATE_MODEL.edges.secondsInSession },
    countries: [...countryCounts.entries()].sort((a, b) => b[1] - a[1]).slice(0, topCountries).map(([iso]) => iso),
    categories: [...TAXONOMY.map((t) => t.handle), OTHER_CATEGORY.handle],
  }
}
