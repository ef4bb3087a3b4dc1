/**
 * The evaluation's view of Online Retail: cleaned purchase baskets, exactly
 * as docs/evaluation.md's protocol says. Plain TypeScript, no Medusa.
 */
import { countryIso } from "../data/online-retail/countries"
import { isProductStockCode, normalizeRow, type RetailLine } from "../data/online-retail/normalize"
import { readRetailFile } from "../data/online-retail/read"
import { categorise } from "../data/online-retail/taxonomy"

export interface BasketLine {
  product: string
  quantity: number
  /** GBP per unit (quantity-weighted when repeated lines were merged). */
  price: number
}

export interface Basket {
  invoice: string
  customer: string
  date: Date
  /** ISO 3166-1 alpha-2, lower case, or null when the name is not a country. */
  country: string | null
  lines: BasketLine[]
}

export interface EvalProduct {
  id: string
  title: string
  /** The most frequent unit price of its kept lines. */
  price: number
  category: string
}

export interface CleaningCounts {
  lines: number
  cancellationLines: number
  /** Purchase lines dropped because a cancellation reverses them. */
  reversedPurchases: number
  /** Cancellations with no earlier purchase to reverse (dropped alone). */
  unmatchedCancellations: number
  nonProductCode: number
  noCustomer: number
  nonPositiveQuantity: number
  nonPositivePrice: number
  /** Lines of a product repeated within one invoice, merged into the first. */
  mergedRepeats: number
  keptLines: number
  baskets: number
  customers: number
  products: number
}

export interface EvalDataset {
  /** Sorted by date, then invoice. */
  baskets: Basket[]
  products: Map<string, EvalProduct>
  counts: CleaningCounts
}

function mostFrequent<T>(counts: Map<T, number>): T {
  let best: T | undefined
  let n = -1
  for (const [k, c] of counts) {
    if (c > n) {
      best = k
      n = c
    }
  }
  return best as T
}

/**
 * Applies the protocol's cleaning to parsed lines:
 * 1. drop cancellation lines and, for each, the purchase it reverses (same
 *    customer, stock code and quantity; the latest at or before it);
 * 2. drop non-product codes, lines without CustomerID, quantity ≤ 0, unit price ≤ 0;
 * 3. merge repeated lines of one product within an invoice.
 */
export function cleanRetailLines(input: RetailLine[]): EvalDataset {
  const counts: CleaningCounts = {
    lines: input.length,
    cancellationLines: 0,
    reversedPurchases: 0,
    unmatchedCancellations: 0,
    nonProductCode: 0,
    noCustomer: 0,
    nonPositiveQuantity: 0,
    nonPositivePrice: 0,
    mergedRepeats: 0,
    keptLines: 0,
    baskets: 0,
    customers: 0,
    products: 0,
  }
  const lines = [...input].sort((a, b) => a.invoiceDate.getTime() - b.invoiceDate.getTime() || a.line - b.line)
  const removed = new Uint8Array(lines.length)
  // purchase lines by (customer, code, quantity), latest last: what a cancellation can reverse
  const open = new Map<string, number[]>()
  lines.forEach((l, i) => {
    const code = l.stockCode.toUpperCase()
    if (l.isCancellation) {
      counts.cancellationLines++
      removed[i] = 1
      if (l.customerId === null) {
        counts.unmatchedCancellations++
        return
      }
      const stack = open.get(`${l.customerId}|${code}|${-l.quantity}`)
      const j = stack?.pop()
      if (j === undefined) {
        counts.unmatchedCancellations++
      } else {
        removed[j] = 1
        counts.reversedPurchases++
      }
      return
    }
    if (l.customerId !== null && l.quantity > 0) {
      const key = `${l.customerId}|${code}|${l.quantity}`
      const stack = open.get(key) ?? []
      stack.push(i)
      open.set(key, stack)
    }
  })

  const baskets = new Map<string, Basket>()
  const titles = new Map<string, Map<string, number>>()
  const prices = new Map<string, Map<number, number>>()
  lines.forEach((l, i) => {
    if (removed[i]) return
    const code = l.stockCode.toUpperCase()
    if (!isProductStockCode(code)) return void counts.nonProductCode++
    if (l.customerId === null) return void counts.noCustomer++
    if (l.quantity <= 0) return void counts.nonPositiveQuantity++
    if (l.unitPrice <= 0) return void counts.nonPositivePrice++
    counts.keptLines++
    let basket = baskets.get(l.invoice)
    if (!basket) {
      basket = { invoice: l.invoice, customer: l.customerId, date: l.invoiceDate, country: countryIso(l.country), lines: [] }
      baskets.set(l.invoice, basket)
    }
    const same = basket.lines.find((x) => x.product === code)
    if (same) {
      counts.mergedRepeats++
      const qty = same.quantity + l.quantity
      same.price = (same.price * same.quantity + l.unitPrice * l.quantity) / qty
      same.quantity = qty
    } else {
      basket.lines.push({ product: code, quantity: l.quantity, price: l.unitPrice })
    }
    const t = titles.get(code) ?? new Map<string, number>()
    t.set(l.description, (t.get(l.description) ?? 0) + 1)
    titles.set(code, t)
    const p = prices.get(code) ?? new Map<number, number>()
    p.set(l.unitPrice, (p.get(l.unitPrice) ?? 0) + 1)
    prices.set(code, p)
  })

  const products = new Map<string, EvalProduct>()
  for (const [id, t] of titles) {
    const title = mostFrequent(t)
    products.set(id, { id, title, price: mostFrequent(prices.get(id)!), category: categorise(title).handle })
  }
  const sorted = [...baskets.values()].sort(
    (a, b) => a.date.getTime() - b.date.getTime() || (a.invoice < b.invoice ? -1 : a.invoice > b.invoice ? 1 : 0)
  )
  counts.baskets = sorted.length
  counts.customers = new Set(sorted.map((b) => b.customer)).size
  counts.products = products.size
  return { baskets: sorted, products, counts }
}

/** Reads and cleans a file of the data set (.parquet, .csv, .csv.gz or .xlsx). */
export async function loadEvaluationDataset(
  path: string,
  onProgress?: (rows: number) => void
): Promise<EvalDataset> {
  const lines: RetailLine[] = []
  let n = 0
  for await (const { line, row } of readRetailFile(path)) {
    const parsed = normalizeRow(row, line)
    if (parsed.ok) lines.push(parsed.line)
    if (++n % 50_000 === 0) onProgress?.(n)
  }
  onProgress?.(n)
  return cleanRetailLines(lines)
}
