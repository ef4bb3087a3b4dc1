/**
 * One Online Retail invoice line, validated and typed, whatever file it came
 * from (XLSX cells, CSV strings, Parquet values).
 */

export const COLUMNS = [
  "InvoiceNo",
  "StockCode",
  "Description",
  "Quantity",
  "InvoiceDate",
  "UnitPrice",
  "CustomerID",
  "Country",
] as const
export type Column = (typeof COLUMNS)[number]
export type RawRow = Partial<Record<Column, unknown>>

export interface RetailLine {
  /** 1-based line number in the file (header = line 1 for CSV/XLSX). */
  line: number
  invoice: string
  stockCode: string
  description: string
  quantity: number
  invoiceDate: Date
  /** GBP */
  unitPrice: number
  customerId: string | null
  country: string
  /** Invoice numbers starting with "C" cancel an earlier purchase. */
  isCancellation: boolean
}

export const SKIP_REASONS = [
  "missing_columns",
  "missing_invoice",
  "missing_stock_code",
  "bad_quantity",
  "bad_price",
  "bad_date",
] as const
export type SkipReason = (typeof SKIP_REASONS)[number]

export type Normalized = { ok: true; line: RetailLine } | { ok: false; reason: SkipReason }

/**
 * The header must name the data set's eight columns (any order, any case):
 * a different file stops the import before anything is written.
 */
export function checkHeader(header: string[]): { ok: true } | { ok: false; message: string } {
  const have = new Set(header.map((h) => String(h ?? "").trim().toLowerCase()))
  const missing = COLUMNS.filter((c) => !have.has(c.toLowerCase()))
  if (missing.length) {
    return {
      ok: false,
      message:
        `This is not the Online Retail data set: missing column(s) ${missing.join(", ")}. ` +
        `Expected ${COLUMNS.join(", ")}; found ${header.join(", ") || "no header"}.`,
    }
  }
  return { ok: true }
}

/** Maps a row whose keys are the file's header spellings onto the canonical column names. */
export function canonicalRow(row: Record<string, unknown>): RawRow {
  const out: RawRow = {}
  for (const [k, v] of Object.entries(row)) {
    const c = COLUMNS.find((col) => col.toLowerCase() === k.trim().toLowerCase())
    if (c) out[c] = v
  }
  return out
}

function text(v: unknown): string {
  if (v === null || v === undefined) return ""
  return String(v).trim()
}

function num(v: unknown): number {
  if (typeof v === "number") return v
  if (typeof v === "bigint") return Number(v)
  const s = text(v)
  return s === "" ? Number.NaN : Number(s)
}

/** Excel's day 0 is 1899-12-30 (with the 1900 leap-year bug already folded in). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30)

/**
 * Invoice dates as the three formats carry them: a Date (XLSX, Parquet), an
 * Excel serial number, a Parquet microsecond bigint, or the CSV's
 * "M/D/YYYY H:MM". Times are the shop's local (UK) wall clock, kept as UTC.
 */
export function parseInvoiceDate(v: unknown): Date | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v
  if (typeof v === "bigint") return new Date(Number(v / 1000n))
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return null
    // serial days (XLSX without date typing) vs epoch milliseconds
    return v < 100_000 ? new Date(EXCEL_EPOCH_MS + Math.round(v * 86_400_000)) : new Date(v)
  }
  const s = text(v)
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s)
  if (m) {
    const [, mo, d, y, h = "0", mi = "0", sec = "0"] = m
    const date = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +sec))
    return date.getUTCMonth() === +mo - 1 && date.getUTCDate() === +d ? date : null
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) {
    const date = new Date(s.length === 10 ? `${s}T00:00:00Z` : s.replace(" ", "T") + (/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? "" : "Z"))
    return Number.isNaN(date.getTime()) ? null : date
  }
  return null
}

/** CustomerID arrives as 17850, 17850.0 or "17850.0": one spelling, "17850". */
function customerIdOf(v: unknown): string | null {
  const s = text(v)
  if (!s || s.toLowerCase() === "nan") return null
  const n = Number(s)
  return Number.isFinite(n) ? String(Math.round(n)) : s
}

export function normalizeRow(raw: RawRow, line: number): Normalized {
  if (COLUMNS.some((c) => !(c in raw))) return { ok: false, reason: "missing_columns" }
  const invoice = text(raw.InvoiceNo)
  if (!invoice) return { ok: false, reason: "missing_invoice" }
  const stockCode = text(raw.StockCode)
  if (!stockCode) return { ok: false, reason: "missing_stock_code" }
  const quantity = num(raw.Quantity)
  if (!Number.isInteger(quantity)) return { ok: false, reason: "bad_quantity" }
  const unitPrice = num(raw.UnitPrice)
  if (!Number.isFinite(unitPrice)) return { ok: false, reason: "bad_price" }
  const invoiceDate = parseInvoiceDate(raw.InvoiceDate)
  if (!invoiceDate) return { ok: false, reason: "bad_date" }
  return {
    ok: true,
    line: {
      line,
      invoice,
      stockCode,
      description: text(raw.Description),
      quantity,
      invoiceDate,
      unitPrice,
      customerId: customerIdOf(raw.CustomerID),
      country: text(raw.Country),
      isCancellation: invoice.toUpperCase().startsWith("C"),
    },
  }
}

/**
 * A real product: 5 digits plus up to two letters (e.g. 85123A, 15056BL).
 * Everything else — POST, DOT, M, C2, BANK CHARGES, AMAZONFEE, gift_0001_*,
 * DCGS… — is a fee, a service or an adjustment, not something to recommend.
 */
export function isProductStockCode(code: string): boolean {
  return /^\d{5}[A-Za-z]{0,2}$/.test(code)
}

/** Counts of skipped lines by reason, with the first few line numbers of each. */
export class SkipLog {
  counts: Record<string, number> = {}
  examples: Record<string, number[]> = {}

  add(reason: string, line: number, keep = 5) {
    this.counts[reason] = (this.counts[reason] ?? 0) + 1
    const ex = (this.examples[reason] ??= [])
    if (ex.length < keep) ex.push(line)
  }

  get total(): number {
    return Object.values(this.counts).reduce((a, b) => a + b, 0)
  }
}
