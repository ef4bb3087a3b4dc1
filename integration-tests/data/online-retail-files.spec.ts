import { mkdtempSync, writeFileSync } from "fs"
import { tmpdir } from "os"
import path from "path"
import { describe, expect, it } from "vitest"
import { RetailAccumulator } from "../../src/data/online-retail/aggregate"
import { readRetailFile, WrongFileError } from "../../src/data/online-retail/read"
import { dataFile } from "../helpers/data"


async function summarise(file: string) {
  const acc = new RetailAccumulator()
  let sum = 0
  for await (const { line, row } of readRetailFile(file)) {
    const l = acc.addRaw(row, line)
    if (l) sum += l.quantity * l.unitPrice
  }
  return { summary: acc.summary(), sum: Math.round(sum * 100) / 100, acc }
}

describe("reading the Online Retail files", () => {
  it("imports the XLSX sample (5,000 lines, as UCI ships it) with exact counts", async () => {
    const { summary } = await summarise(dataFile("online-retail-sample.xlsx"))
    // derived once from the file, then fixed
    expect(summary).toMatchObject({
      lines: 5000,
      accepted: 5000,
      skipped: { total: 0 },
      stockCodes: 1595,
      products: 1581,
      productsInOther: 157,
      customers: 197,
      countries: 7,
      invoices: 300,
      cancellationInvoices: 29,
      cancellationLines: 70,
      purchases: 4770,
      returns: 70,
      nonProductCodes: { POST: 3, DOT: 2, M: 2, D: 1, C2: 1, "BANK CHARGES": 1 },
    })
  })

  it("reads the full Parquet with the data set's published facts, and the CSV.gz to the same counts", async () => {
    const parquet = await summarise(dataFile("online-retail.parquet"))
    const s = parquet.summary
    expect(s).toMatchObject({
      lines: 541_909,
      accepted: 541_909,
      stockCodes: 4070,
      customers: 4372,
      countries: 38,
      invoices: 25_900,
      cancellationInvoices: 3836,
      cancellationLines: 9288,
    })
    expect(parquet.sum).toBe(9_747_747.93)
    const nonProduct = s.nonProductCodes
    expect(nonProduct).toMatchObject({ POST: 1256, DOT: 710, M: 571, C2: 144, D: 77, S: 63, "BANK CHARGES": 37, AMAZONFEE: 34, CRUK: 16, PADS: 4, B: 3, m: 1 })
    const sumOf = (re: RegExp) => Object.entries(nonProduct).filter(([k]) => re.test(k)).reduce((a, [, n]) => a + n, 0)
    expect(sumOf(/^gift_0001_/)).toBe(34)
    // the README says DCGS* 44; the file has 45 lines whose code starts with DCGS (DCGS0066P included)
    expect(sumOf(/^DCGS/)).toBe(45)

    const csv = await summarise(dataFile("online-retail.csv.gz"))
    expect(csv.summary).toEqual(s)
    expect(csv.sum).toBe(parquet.sum)
  }, 120_000)

  it("stops on a file that is not the data set, and skips bad lines by reason with line numbers", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rl-retail-"))
    const wrong = path.join(dir, "orders.csv")
    writeFileSync(wrong, "order_id,sku,qty\n1,A,2\n")
    await expect(summarise(wrong)).rejects.toThrow(WrongFileError)
    await expect(summarise(wrong)).rejects.toThrow(/missing column\(s\) InvoiceNo, StockCode/)

    const bad = path.join(dir, "bad.csv")
    writeFileSync(
      bad,
      [
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
        "536365,85123A,HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom",
        "536366,85123A,HEART,6,31/31/2010 8:26,2.55,17850,United Kingdom",
        "536367,85123A,HEART,six,12/1/2010 8:26,2.55,17850,United Kingdom",
        "536368,85123A,HEART,6,12/1/2010 8:26",
        "536369,85123A,HEART,6,nope,2.55,17850,United Kingdom",
      ].join("\n")
    )
    const { summary } = await summarise(bad)
    expect(summary.accepted).toBe(1)
    expect(summary.skipped).toEqual({
      total: 4,
      counts: { bad_date: 2, bad_quantity: 1, missing_columns: 1 },
      examples: { bad_date: [3, 6], bad_quantity: [4], missing_columns: [5] },
    })
  })
})
