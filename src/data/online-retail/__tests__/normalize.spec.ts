import { describe, expect, it } from "vitest"
import { checkHeader, isProductStockCode, normalizeRow, parseInvoiceDate } from "../normalize"
import { categorise } from "../taxonomy"
import { RetailAccumulator } from "../aggregate"

const row = (over: Record<string, unknown> = {}) => ({
  InvoiceNo: "536365",
  StockCode: "85123A",
  Description: "WHITE HANGING HEART T-LIGHT HOLDER",
  Quantity: "6",
  InvoiceDate: "12/1/2010 8:26",
  UnitPrice: "2.55",
  CustomerID: "17850.0",
  Country: "United Kingdom",
  ...over,
})

describe("Online Retail lines", () => {
  it("parses dates in every format the files use", () => {
    const d = new Date(Date.UTC(2010, 11, 1, 8, 26))
    expect(parseInvoiceDate("12/1/2010 8:26")).toEqual(d)
    expect(parseInvoiceDate(d)).toEqual(d)
    expect(parseInvoiceDate(40513.35138888889)).toEqual(d) // Excel serial
    expect(parseInvoiceDate(BigInt(d.getTime()) * 1000n)).toEqual(d) // Parquet micros
    expect(parseInvoiceDate("2010-12-01 08:26:00")).toEqual(d)
    expect(parseInvoiceDate("13/45/2010 8:26")).toBeNull()
    expect(parseInvoiceDate("yesterday")).toBeNull()
  })

  it("normalises a row and says why a bad one is skipped", () => {
    const ok = normalizeRow(row(), 2)
    expect(ok).toMatchObject({ ok: true, line: { invoice: "536365", quantity: 6, unitPrice: 2.55, customerId: "17850", isCancellation: false } })
    expect(normalizeRow(row({ InvoiceNo: "C536379", Quantity: "-1" }), 3)).toMatchObject({ ok: true, line: { isCancellation: true } })
    expect(normalizeRow(row({ CustomerID: "" }), 4)).toMatchObject({ ok: true, line: { customerId: null } })
    expect(normalizeRow(row({ InvoiceDate: "not a date" }), 5)).toEqual({ ok: false, reason: "bad_date" })
    expect(normalizeRow(row({ Quantity: "six" }), 6)).toEqual({ ok: false, reason: "bad_quantity" })
    expect(normalizeRow(row({ Quantity: "1.5" }), 6)).toEqual({ ok: false, reason: "bad_quantity" })
    expect(normalizeRow(row({ UnitPrice: "" }), 7)).toEqual({ ok: false, reason: "bad_price" })
    const { Country: _c, ...missing } = row()
    expect(normalizeRow(missing, 8)).toEqual({ ok: false, reason: "missing_columns" })
  })

  it("recognises the data set by its header", () => {
    expect(checkHeader(Object.keys(row())).ok).toBe(true)
    const wrong = checkHeader(["order_id", "sku", "qty"])
    expect(wrong.ok).toBe(false)
    expect(!wrong.ok && wrong.message).toMatch(/not the Online Retail data set: missing column\(s\) InvoiceNo/)
  })

  it("tells products from fees and services", () => {
    for (const c of ["85123A", "22423", "15056BL", "84029G"]) expect(isProductStockCode(c)).toBe(true)
    for (const c of ["POST", "DOT", "M", "C2", "BANK CHARGES", "AMAZONFEE", "gift_0001_20", "DCGS0003", "PADS", "m"]) {
      expect(isProductStockCode(c)).toBe(false)
    }
  })

  it("categorises descriptions by keyword, most specific first", () => {
    expect(categorise("PAPER CHAIN KIT 50'S CHRISTMAS ").handle).toBe("christmas")
    expect(categorise("JUMBO BAG RED RETROSPOT").handle).toBe("bags")
    expect(categorise("WHITE HANGING HEART T-LIGHT HOLDER").handle).toBe("candles-lights")
    expect(categorise("REGENCY CAKESTAND 3 TIER").handle).toBe("kitchen")
    expect(categorise("ASSORTED COLOUR BIRD ORNAMENT").handle).toBe("garden")
    expect(categorise("ZZZ UNKNOWN THING").handle).toBe("other")
  })

  it("folds lines into products, customers and purchases; cancellations are returns", () => {
    const acc = new RetailAccumulator()
    acc.addRaw(row(), 2)
    acc.addRaw(row({ Description: "WHITE HANGING HEART T-LIGHT HOLDER", UnitPrice: "2.95", InvoiceNo: "536366" }), 3)
    acc.addRaw(row({ Description: "HEART HOLDER", UnitPrice: "2.55", InvoiceNo: "536367" }), 4)
    acc.addRaw(row({ InvoiceNo: "536365", Quantity: "2" }), 5) // same invoice and product: merged
    acc.addRaw(row({ InvoiceNo: "C536368", Quantity: "-3" }), 6)
    acc.addRaw(row({ StockCode: "POST", Description: "POSTAGE", UnitPrice: "18" }), 7)
    acc.addRaw(row({ InvoiceDate: "bad" }), 8)
    const [p] = acc.products()
    expect(p).toMatchObject({ stockCode: "85123A", title: "WHITE HANGING HEART T-LIGHT HOLDER", price: 2.55, category: "candles-lights" })
    const s = acc.summary()
    expect(s).toMatchObject({ lines: 7, accepted: 6, products: 1, customers: 1, purchases: 3, returns: 1, nonProductCodes: { POST: 1 } })
    expect(s.skipped).toEqual({ total: 1, counts: { bad_date: 1 }, examples: { bad_date: [8] } })
    const merged = acc.purchaseLines().find((x) => x.invoice === "536365")!
    expect(merged.quantity).toBe(8)
  })

  it("merges stock codes that differ only in case into one product", () => {
    const acc = new RetailAccumulator()
    acc.addRaw(row({ StockCode: "15056BL", Description: "EDWARDIAN PARASOL BLACK", UnitPrice: "5.95" }), 2)
    acc.addRaw(row({ StockCode: "15056bl", Description: "EDWARDIAN PARASOL BLACK", UnitPrice: "5.95", InvoiceNo: "536370" }), 3)
    expect(acc.products().map((p) => [p.stockCode, p.lines])).toEqual([["15056BL", 2]])
    expect(acc.summary().stockCodes).toBe(2) // the data set's fact counts raw codes
    expect(acc.purchaseLines().every((p) => p.stockCode === "15056BL")).toBe(true)
  })
})
