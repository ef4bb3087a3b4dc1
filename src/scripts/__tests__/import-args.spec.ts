import { describe, expect, it } from "vitest"
import { parseImportArgs } from "../import-args"

describe("parseImportArgs", () => {
  it("takes the file and the price-in rates however they arrive", () => {
    expect(parseImportArgs(["/data/or.xlsx"])).toEqual({ file: "/data/or.xlsx", priceIn: {} })
    // the bin's positional form and a runner's flag form
    expect(parseImportArgs(["/data/or.xlsx", "price-in:EUR=1.17", "--price-in", "usd=1.27"])).toEqual({
      file: "/data/or.xlsx",
      priceIn: { eur: 1.17, usd: 1.27 },
    })
    expect(parseImportArgs(["--file", "a.csv"]).file).toBe("a.csv")
    expect(parseImportArgs([]).file).toBeNull()
  })

  it("refuses a malformed rate with a message that shows the form", () => {
    expect(() => parseImportArgs(["f", "price-in:euro=1"])).toThrow(/<currency>=<rate per £>, such as eur=1.17/)
    expect(() => parseImportArgs(["f", "price-in:eur=0"])).toThrow(/eur=1.17/)
  })
})
