/**
 * Folds invoice lines into what an import writes: products, customers and
 * purchase history. One pass, bounded memory (per product, customer and
 * invoice line), independent of the file format.
 */
import { categorise } from "./taxonomy"
import { isProductStockCode, normalizeRow, SkipLog, type RawRow, type RetailLine } from "./normalize"

export interface ProductPlan {
  stockCode: string
  /** The most frequent description of the code (ties: first seen). */
  title: string
  /** The most frequent positive unit price (GBP; ties: the lower). */
  price: number
  category: string
  /** Lines that mention the code, any case (purchases and cancellations). */
  lines: number
}

export interface CustomerPlan {
  customerId: string
  /** The country on most of the customer's lines. */
  country: string
}

export interface PurchasePlan {
  /** Invoice number (a cancellation keeps its "C" number). */
  invoice: string
  stockCode: string
  customerId: string | null
  quantity: number
  /** Quantity-weighted unit price, GBP. */
  unitPrice: number
  invoiceDate: Date
  isReturn: boolean
}

export interface ImportSummary {
  lines: number
  accepted: number
  skipped: { total: number; counts: Record<string, number>; examples: Record<string, number[]> }
  /** Lines with a non-product stock code, by code. */
  nonProductCodes: Record<string, number>
  stockCodes: number
  products: number
  productsInOther: number
  customers: number
  countries: number
  invoices: number
  cancellationInvoices: number
  cancellationLines: number
  purchases: number
  returns: number
}

function mostFrequent<T>(counts: Map<T, number>, tieBreak: (a: T, b: T) => number): T | undefined {
  let best: T | undefined
  let bestN = -1
  for (const [k, n] of counts) {
    if (n > bestN || (n === bestN && best !== undefined && tieBreak(k, best) < 0)) {
      best = k
      bestN = n
    }
  }
  return best
}

export class RetailAccumulator {
  readonly skips = new SkipLog()
  protected lines = 0
  protected accepted = 0
  protected nonProduct = new Map<string, number>()
  protected stockCodes = new Set<string>()
  protected descriptions = new Map<string, Map<string, number>>()
  protected prices = new Map<string, Map<number, number>>()
  protected productLines = new Map<string, number>()
  protected customerCountries = new Map<string, Map<string, number>>()
  protected countries = new Set<string>()
  protected invoices = new Set<string>()
  protected cancellationInvoices = new Set<string>()
  protected cancellationLines = 0
  protected purchases = new Map<string, PurchasePlan & { value: number }>()

  /** Validates and folds one raw row; returns the line when it was accepted. */
  addRaw(raw: RawRow, line: number): RetailLine | null {
    this.lines++
    const n = normalizeRow(raw, line)
    if (!n.ok) {
      this.skips.add(n.reason, line)
      return null
    }
    this.add(n.line)
    return n.line
  }

  add(l: RetailLine): void {
    this.accepted++
    this.stockCodes.add(l.stockCode)
    this.invoices.add(l.invoice)
    if (l.country) this.countries.add(l.country)
    if (l.isCancellation) {
      this.cancellationInvoices.add(l.invoice)
      this.cancellationLines++
    }
    if (l.customerId) {
      const c = this.customerCountries.get(l.customerId) ?? new Map<string, number>()
      c.set(l.country, (c.get(l.country) ?? 0) + 1)
      this.customerCountries.set(l.customerId, c)
    }
    if (!isProductStockCode(l.stockCode)) {
      this.nonProduct.set(l.stockCode, (this.nonProduct.get(l.stockCode) ?? 0) + 1)
      return
    }
    // "15056bl" and "15056BL" are one product typed two ways: merged under the upper-case code
    const code = l.stockCode.toUpperCase()
    this.productLines.set(code, (this.productLines.get(code) ?? 0) + 1)
    if (l.description) {
      const d = this.descriptions.get(code) ?? new Map<string, number>()
      d.set(l.description, (d.get(l.description) ?? 0) + 1)
      this.descriptions.set(code, d)
    }
    if (l.unitPrice > 0) {
      const p = this.prices.get(code) ?? new Map<number, number>()
      p.set(l.unitPrice, (p.get(l.unitPrice) ?? 0) + 1)
      this.prices.set(code, p)
    }
    // purchase history: real sales and cancellations (as returns); zero-quantity or
    // free lines (adjustments, samples) are not purchases
    if (l.quantity === 0) return
    const isReturn = l.isCancellation || l.quantity < 0
    const key = `${l.invoice}|${code}|${isReturn ? 1 : 0}`
    const qty = Math.abs(l.quantity)
    const p = this.purchases.get(key)
    if (p) {
      p.quantity += qty
      p.value += qty * l.unitPrice
    } else {
      this.purchases.set(key, {
        invoice: l.invoice,
        stockCode: code,
        customerId: l.customerId,
        quantity: qty,
        unitPrice: l.unitPrice,
        value: qty * l.unitPrice,
        invoiceDate: l.invoiceDate,
        isReturn,
      })
    }
  }

  products(): ProductPlan[] {
    const out: ProductPlan[] = []
    for (const [code, lines] of this.productLines) {
      const title = mostFrequent(this.descriptions.get(code) ?? new Map(), (a: string, b: string) => a.localeCompare(b))
      const price = mostFrequent(this.prices.get(code) ?? new Map(), (a: number, b: number) => a - b)
      // a code never sold at a positive price cannot be sold in the store
      if (price === undefined) continue
      const t = title ?? code
      out.push({ stockCode: code, title: t, price, category: categorise(t).handle, lines })
    }
    return out.sort((a, b) => a.stockCode.localeCompare(b.stockCode))
  }

  customers(): CustomerPlan[] {
    return [...this.customerCountries.entries()]
      .map(([customerId, c]) => ({ customerId, country: mostFrequent(c, (a: string, b: string) => a.localeCompare(b))! }))
      .sort((a, b) => a.customerId.localeCompare(b.customerId))
  }

  purchaseLines(): PurchasePlan[] {
    return [...this.purchases.values()].map(({ value, ...p }) => ({
      ...p,
      unitPrice: p.quantity ? Math.round((value / p.quantity) * 10_000) / 10_000 : p.unitPrice,
    }))
  }

  summary(): ImportSummary {
    const products = this.products()
    const purchases = this.purchaseLines()
    return {
      lines: this.lines || this.accepted,
      accepted: this.accepted,
      skipped: { total: this.skips.total, counts: this.skips.counts, examples: this.skips.examples },
      nonProductCodes: Object.fromEntries([...this.nonProduct.entries()].sort((a, b) => b[1] - a[1])),
      stockCodes: this.stockCodes.size,
      products: products.length,
      productsInOther: products.filter((p) => p.category === "other").length,
      customers: this.customerCountries.size,
      countries: this.countries.size,
      invoices: this.invoices.size,
      cancellationInvoices: this.cancellationInvoices.size,
      cancellationLines: this.cancellationLines,
      purchases: purchases.filter((p) => !p.isReturn).length,
      returns: purchases.filter((p) => p.isReturn).length,
    }
  }
}
