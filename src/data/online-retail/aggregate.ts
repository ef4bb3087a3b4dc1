/**
 * Folds invoice lines into what an import writes: products, customers and
 * purchase history. One pass, bounded memory (per product, customer and
 * invoice line, the lines in columns), independent of the file format.
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

/** The purchase lines, iterated in first-seen order; each line an object made on the way. */
export interface PurchaseLog extends Iterable<PurchasePlan> {
  readonly size: number
  /** Lines whose product code passes `keep`, without making a line object each. */
  count(keep: (stockCode: string) => boolean): number
}

/** Strings numbered in first-seen order. */
class Interned {
  readonly values: string[] = []
  protected readonly index = new Map<string, number>()
  id(value: string): number {
    let i = this.index.get(value)
    if (i === undefined) {
      i = this.values.length
      this.values.push(value)
      this.index.set(value, i)
    }
    return i
  }
  get size(): number {
    return this.values.length
  }
}

// codes per invoice key: (invoice × CODE_SPACE + code) × 2 + direction stays an exact integer
const CODE_SPACE = 2 ** 22
// V8 caps a Map near 16.7M entries: the key index is split so a larger history still fits
const KEY_SHARDS = 16

/**
 * Merged purchase lines (invoice, product, direction) in typed columns: at
 * 5M lines an object and a string key per line held about 3 GB; the
 * columns and the numeric key index hold about 80 bytes a line.
 */
class PurchaseColumns implements PurchaseLog {
  size = 0
  protected invoice = new Int32Array(1024)
  protected code = new Int32Array(1024)
  // -1: no customer
  protected customer = new Int32Array(1024)
  protected quantity = new Float64Array(1024)
  protected value = new Float64Array(1024)
  protected date = new Float64Array(1024)
  protected isReturn = new Uint8Array(1024)
  // null once sealed: the merge index is only needed while lines are added
  protected keys: Map<number, number>[] | null = Array.from({ length: KEY_SHARDS }, () => new Map<number, number>())

  constructor(protected readonly names: { invoices: Interned; codes: Interned; customers: Interned }) {}

  add(invoice: number, code: number, customer: number, quantity: number, unitPrice: number, date: Date, isReturn: boolean): void {
    if (!this.keys) throw new Error("purchase lines added after the file was read")
    if (code >= CODE_SPACE) throw new RangeError(`more than ${CODE_SPACE} product codes in one file`)
    const key = (invoice * CODE_SPACE + code) * 2 + (isReturn ? 1 : 0)
    const shard = this.keys[invoice % KEY_SHARDS]
    const at = shard.get(key)
    if (at !== undefined) {
      this.quantity[at] += quantity
      this.value[at] += quantity * unitPrice
      return
    }
    if (this.size === this.invoice.length) this.grow()
    const i = this.size++
    shard.set(key, i)
    this.invoice[i] = invoice
    this.code[i] = code
    this.customer[i] = customer
    this.quantity[i] = quantity
    this.value[i] = quantity * unitPrice
    this.date[i] = date.getTime()
    this.isReturn[i] = isReturn ? 1 : 0
  }

  /** No more lines: drops the merge index and the columns' spare room. */
  seal(): void {
    this.keys = null
    this.resize(this.size)
  }

  protected grow(): void {
    this.resize(this.invoice.length * 2)
  }

  protected resize(n: number): void {
    const grown = <T extends Int32Array | Float64Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(n)
      b.set(a.subarray(0, Math.min(n, this.size)))
      return b
    }
    this.invoice = grown(this.invoice)
    this.code = grown(this.code)
    this.customer = grown(this.customer)
    this.quantity = grown(this.quantity)
    this.value = grown(this.value)
    this.date = grown(this.date)
    this.isReturn = grown(this.isReturn)
  }

  returns(): number {
    let n = 0
    for (let i = 0; i < this.size; i++) n += this.isReturn[i]
    return n
  }

  count(keep: (stockCode: string) => boolean): number {
    const kept = this.names.codes.values.map(keep)
    let n = 0
    for (let i = 0; i < this.size; i++) if (kept[this.code[i]]) n++
    return n
  }

  *[Symbol.iterator](): Iterator<PurchasePlan> {
    const { invoices, codes, customers } = this.names
    for (let i = 0; i < this.size; i++) {
      const q = this.quantity[i]
      yield {
        invoice: invoices.values[this.invoice[i]],
        stockCode: codes.values[this.code[i]],
        customerId: this.customer[i] < 0 ? null : customers.values[this.customer[i]],
        quantity: q,
        // quantity-weighted over the merged lines, to 4 decimals
        unitPrice: Math.round((this.value[i] / q) * 10_000) / 10_000,
        invoiceDate: new Date(this.date[i]),
        isReturn: this.isReturn[i] === 1,
      }
    }
  }
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
  protected invoices = new Interned()
  protected cancellationInvoices = new Set<string>()
  protected cancellationLines = 0
  protected codes = new Interned()
  protected customerIds = new Interned()
  protected purchases = new PurchaseColumns({ invoices: this.invoices, codes: this.codes, customers: this.customerIds })

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
    const invoice = this.invoices.id(l.invoice)
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
    const customer = l.customerId ? this.customerIds.id(l.customerId) : -1
    this.purchases.add(invoice, this.codes.id(code), customer, Math.abs(l.quantity), l.unitPrice, l.invoiceDate, isReturn)
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

  /** The merged purchase lines, without holding an object per line. */
  purchaseLog(): PurchaseLog {
    return this.purchases
  }

  /** The file is read: frees what only adding lines needs. Adding a line after this throws. */
  seal(): void {
    this.purchases.seal()
  }

  purchaseLines(): PurchasePlan[] {
    return [...this.purchases]
  }

  summary(): ImportSummary {
    const products = this.products()
    const returns = this.purchases.returns()
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
      purchases: this.purchases.size - returns,
      returns,
    }
  }
}
