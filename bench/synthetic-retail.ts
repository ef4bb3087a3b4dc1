/**
 * npm run bench:synthetic -- --products 10000 [--lines 1350000] [--seed 1] [--out <file.csv.gz>]
 *
 * A synthetic store in the Online Retail file's format (the importer's own
 * input: the eight columns, CSV.gz, "M/D/YYYY H:MM" dates), shaped like the
 * real data set so the importer, the statistics refresh and the route see
 * what a larger gift shop would give them:
 * - about 133 invoice lines per product and 21 lines per invoice (the real
 *   file: 541,909 lines, 4,070 stock codes, 25,900 invoices), capped at
 *   5,000,000 lines; a quarter of the lines without a customer, one
 *   customer per ~124 lines, ~90% of lines from the United Kingdom;
 * - prices log-normal around £2.50 (the real median is £2.08, with a long
 *   tail), so the price strategies' bands hold products;
 * - Zipf popularity, and co-purchase structure: every product belongs to a
 *   theme of ~25, and a basket draws most of its lines from one theme, some
 *   from what the customer bought before (the real data's repeat buying),
 *   the rest from the whole catalogue;
 * - descriptions carry the taxonomy's keywords, so categories are spread
 *   over the twelve the importer knows;
 * - ~1.5% of invoices are cancellations of an earlier line.
 * Deterministic for a seed.
 */
import { createWriteStream, mkdirSync } from "fs"
import path from "path"
import { createGzip } from "zlib"
import { once } from "events"
import { createRng, type Rng } from "../src/learning/rng"
import { TAXONOMY } from "../src/data/online-retail/taxonomy"
import { arg } from "./util"

export type SyntheticOptions = { products: number; lines?: number; seed?: number }

export const MAX_LINES = 5_000_000

/** The real file's proportions: lines per product, per invoice, per customer. */
export function syntheticShape(o: SyntheticOptions) {
  const lines = Math.min(MAX_LINES, o.lines ?? Math.round(o.products * 133))
  return {
    products: o.products,
    lines,
    invoices: Math.max(1, Math.round(lines / 21)),
    customers: Math.max(1, Math.round(lines / 124)),
    themes: Math.max(1, Math.round(o.products / 25)),
  }
}

const ADJECTIVES = ["VINTAGE", "RED", "BLUE", "PINK", "WHITE", "GREEN", "RETRO", "LARGE", "SMALL", "SET OF 3", "PAPER", "WOODEN", "GLASS", "ENAMEL", "FLORAL", "SPOTTY"]
const COUNTRIES = ["Germany", "France", "EIRE", "Spain", "Netherlands", "Belgium", "Switzerland", "Portugal", "Australia", "Norway"]
const QUANTITIES = [1, 1, 2, 2, 3, 4, 6, 6, 12, 12, 24, 48]
const START = Date.UTC(2010, 11, 1, 8, 0)
const END = Date.UTC(2011, 11, 9, 18, 0)

/** Draws an index from cumulative weights (binary search). */
function sampler(weights: Float64Array): (rng: Rng) => number {
  const cum = new Float64Array(weights.length)
  let s = 0
  for (let i = 0; i < weights.length; i++) cum[i] = s += weights[i]
  return (rng) => {
    const x = rng() * s
    let lo = 0
    let hi = cum.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cum[mid] < x) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

function gaussian(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng())
}

function dateOf(ms: number): string {
  const d = new Date(ms)
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${d.getUTCHours()}:${String(d.getUTCMinutes()).padStart(2, "0")}`
}

export async function writeSyntheticRetail(file: string, o: SyntheticOptions): Promise<ReturnType<typeof syntheticShape> & { written: number; invoicesWritten: number }> {
  const shape = syntheticShape(o)
  const rng = createRng(o.seed ?? 1)
  const P = shape.products

  // products: a stock code, a description with a category keyword, a price, a theme
  // the importer's product codes: five digits and up to two letters (others are postage, fees…)
  const letters = (n: number) => (n ? String.fromCharCode(64 + (n % 26 || 26)) : "")
  const code = (i: number) => `${String(i % 100_000).padStart(5, "0")}${letters(Math.floor(i / 100_000))}`
  const description: string[] = []
  const price = new Float64Array(P)
  const theme = new Int32Array(P)
  for (let i = 0; i < P; i++) {
    const c = TAXONOMY[Math.floor(rng() * TAXONOMY.length)]
    const kw = c.keywords[Math.floor(rng() * c.keywords.length)].trim()
    description.push(`${ADJECTIVES[Math.floor(rng() * ADJECTIVES.length)]} ${kw} ${i}`)
    price[i] = Math.max(0.1, Math.round(Math.exp(Math.log(2.5) + 0.9 * gaussian(rng)) * 100) / 100)
    theme[i] = Math.floor(rng() * shape.themes)
  }
  // Zipf over a random permutation: popularity unrelated to the product number
  const rank = Array.from({ length: P }, (_, i) => i)
  for (let i = P - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1))
    ;[rank[i], rank[j]] = [rank[j], rank[i]]
  }
  const weight = new Float64Array(P)
  for (let i = 0; i < P; i++) weight[i] = 1 / Math.pow(rank[i] + 1, 0.9)
  const anyProduct = sampler(weight)
  const members: number[][] = Array.from({ length: shape.themes }, () => [])
  for (let i = 0; i < P; i++) members[theme[i]].push(i)
  const themeWeight = new Float64Array(shape.themes)
  for (let i = 0; i < P; i++) themeWeight[theme[i]] += weight[i]
  const anyTheme = sampler(themeWeight)
  const inTheme = members.map((m) => sampler(Float64Array.from(m, (i) => weight[i])))

  // customers: a favourite theme, a country, and what they bought (the last 40 products)
  const favourite = Int32Array.from({ length: shape.customers }, () => anyTheme(rng))
  const country = Array.from({ length: shape.customers }, () => (rng() < 0.9 ? "United Kingdom" : COUNTRIES[Math.floor(rng() * COUNTRIES.length)]))
  const bought: number[][] = Array.from({ length: shape.customers }, () => [])

  const out = createGzip({ level: 1 })
  // a fresh checkout has no .cache/scale yet
  mkdirSync(path.dirname(file), { recursive: true })
  const sink = createWriteStream(file)
  out.pipe(sink)
  let buffer = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
  const flush = async () => {
    if (!out.write(buffer)) await once(out, "drain")
    buffer = ""
  }
  const linesPerInvoice = shape.lines / shape.invoices
  let written = 0
  const recent: string[] = []
  // invoices in date order, like the real file, until the lines are written
  let invoices = 0
  for (let inv = 0; written < shape.lines; inv++, invoices++) {
    const when = dateOf(START + ((END - START) * written) / shape.lines)
    const invoiceNo = String(536365 + inv)
    if (recent.length && rng() < 0.015) {
      // a cancellation of an earlier line
      const line = recent[Math.floor(rng() * recent.length)].split(",")
      buffer += `C${invoiceNo},${line[1]},${line[2]},${-Number(line[3])},${when},${line[5]},${line[6]},${line[7]}\n`
      written++
      continue
    }
    const customer = rng() < 0.25 ? -1 : Math.floor(rng() * shape.customers)
    const home = customer >= 0 && rng() < 0.6 ? favourite[customer] : anyTheme(rng)
    const size = Math.min(200, 1 + Math.floor(-Math.log(1 - rng()) * (linesPerInvoice - 1)))
    const picked = new Set<number>()
    for (let k = 0; k < size * 2 && picked.size < size; k++) {
      const u = rng()
      const past = customer >= 0 ? bought[customer] : []
      const p = u < 0.6 ? members[home][inTheme[home](rng)] : u < 0.85 && past.length ? past[Math.floor(rng() * past.length)] : anyProduct(rng)
      picked.add(p)
    }
    for (const p of [...picked].slice(0, shape.lines - written)) {
      const qty = QUANTITIES[Math.floor(rng() * QUANTITIES.length)]
      const row = `${invoiceNo},${code(p)},${description[p]},${qty},${when},${price[p].toFixed(2)},${customer >= 0 ? 12346 + customer : ""},${customer >= 0 ? country[customer] : "United Kingdom"}`
      buffer += row + "\n"
      if (rng() < 0.01) recent[recent.length < 1000 ? recent.length : Math.floor(rng() * 1000)] = row
      if (customer >= 0) {
        const b = bought[customer]
        if (b.length < 40) b.push(p)
        else b[Math.floor(rng() * 40)] = p
      }
      written++
    }
    if (buffer.length > 1 << 20) await flush()
  }
  await flush()
  out.end()
  await once(sink, "finish")
  return { ...shape, written, invoicesWritten: invoices }
}

if (require.main === module) {
  const products = arg("products", 10_000)
  const lines = process.argv.includes("--lines") ? arg("lines", 0) : undefined
  const outIdx = process.argv.indexOf("--out")
  const file = outIdx > 0 ? process.argv[outIdx + 1] : `synthetic-${products}.csv.gz`
  const started = Date.now()
  writeSyntheticRetail(file, { products, lines, seed: arg("seed", 1) })
    .then((r) => console.log(`${file}: ${r.written.toLocaleString("en-GB")} lines, ${r.products.toLocaleString("en-GB")} products, ${r.invoicesWritten.toLocaleString("en-GB")} invoices, ${r.customers.toLocaleString("en-GB")} customers in ${((Date.now() - started) / 1000).toFixed(1)} s`))
    .catch((e) => {
      console.error(e)
      process.exit(1)
    })
}
