import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { RetailAccumulator } from "../../src/data/online-retail/aggregate"
import { readRetailFile } from "../../src/data/online-retail/read"
import { runOnlineRetailImport } from "../../src/workflows/import/run-import"
import { dataFile } from "../helpers/data"

const PARQUET = dataFile("online-retail.parquet")

/**
 * The full data set (541,909 lines) into a booted Medusa: what landed in the
 * store and the agent's tables is checked against the data set's published
 * facts (../shared/data/README.md).
 */
medusaIntegrationTestRunner({
  testSuite: ({ getContainer, dbConnection }) => {
    const one = async (sql: string) => (await dbConnection.raw(sql)).rows[0]

    it("imports the full Parquet: the published facts hold for what landed", async () => {
      const result = await runOnlineRetailImport(getContainer(), PARQUET)
      const s = result.summary
      // facts of the file, as read
      expect(s).toMatchObject({
        lines: 541_909,
        skipped: { total: 0 },
        stockCodes: 4070,
        invoices: 25_900,
        cancellationInvoices: 3836,
        cancellationLines: 9288,
        countries: 38,
        customers: 4372,
      })
      // what landed
      expect(await one(`SELECT count(*)::int AS n FROM product WHERE deleted_at IS NULL AND status = 'published'`)).toEqual({ n: 3805 })
      expect(await one(`SELECT count(DISTINCT sku)::int AS n FROM product_variant WHERE deleted_at IS NULL`)).toEqual({ n: 3805 })
      expect(await one(`SELECT count(*)::int AS n FROM customer WHERE email LIKE '%@online-retail.invalid'`)).toEqual({ n: 4372 })
      // 38 countries in the file; one of them (Hong Kong) only on lines without a CustomerID
      expect(await one(`SELECT count(DISTINCT metadata->>'country')::int AS n FROM customer`)).toEqual({ n: 37 })

      // the history holds exactly the file's real-product lines: same invoices, returns and money
      const acc = new RetailAccumulator()
      for await (const { line, row } of readRetailFile(PARQUET)) acc.addRaw(row, line)
      // codes never sold at a positive price are not products, so their lines are not history
      const productCodes = new Set(acc.products().map((p) => p.stockCode))
      const lines = acc.purchaseLines().filter((l) => productCodes.has(l.stockCode))
      const expected = {
        lines: lines.length,
        invoices: new Set(lines.filter((l) => !l.isReturn).map((l) => l.invoice)).size,
        return_invoices: new Set(lines.filter((l) => l.isReturn).map((l) => l.invoice)).size,
        net: Math.round(lines.reduce((a, l) => a + (l.isReturn ? -1 : 1) * l.quantity * l.unitPrice, 0) * 100) / 100,
      }
      const landed = await one(
        `SELECT count(*)::int AS lines,
                count(DISTINCT source_id) FILTER (WHERE NOT is_return)::int AS invoices,
                count(DISTINCT source_id) FILTER (WHERE is_return)::int AS return_invoices,
                round(sum(CASE WHEN is_return THEN -1 ELSE 1 END * quantity * unit_price)::numeric, 2)::float8 AS net
           FROM rl_purchase`
      )
      expect(result.purchase_lines).toBe(expected.lines)
      // derived statistics: every sold product, every customer with a purchase left after returns
      expect(result.statistics).toMatchObject({ products: 3805 })
      expect(await one(`SELECT count(DISTINCT customer_id)::int AS n FROM rl_purchase WHERE NOT is_return`)).toEqual({
        n: result.statistics.profiles,
      })
      expect(result.statistics.co_purchases).toBeGreaterThan(100_000)
      expect({ ...landed, net: Math.round(landed.net) }).toEqual({ ...expected, net: Math.round(expected.net) })
    }, 600_000)
  },
})
