/**
 * Reads the Online Retail data set from any of the three formats users have:
 * UCI's XLSX, Kaggle's CSV (optionally gzip'd) and Parquet — through
 * well-kept libraries, streaming where the format allows (CSV and XLSX row
 * by row; Parquet one row group at a time).
 */
import { createReadStream, statSync } from "fs"
import { createGunzip } from "zlib"
import { parse } from "csv-parse"
import ExcelJS from "exceljs"
import { COLUMNS, canonicalRow, checkHeader, type RawRow } from "./normalize"

export type RetailFormat = "xlsx" | "csv" | "csv.gz" | "parquet"

export class WrongFileError extends Error {}

export function detectFormat(path: string): RetailFormat {
  const p = path.toLowerCase()
  if (p.endsWith(".parquet")) return "parquet"
  if (p.endsWith(".csv.gz")) return "csv.gz"
  if (p.endsWith(".csv")) return "csv"
  if (p.endsWith(".xlsx")) return "xlsx"
  throw new WrongFileError(`Cannot tell the format of ${path}: use a .xlsx, .csv, .csv.gz or .parquet file`)
}

export interface ReadProgress {
  rows: number
  /** Known for Parquet (metadata). */
  totalRows?: number
  /** Bytes of the file consumed so far, for CSV and XLSX. */
  bytesRead?: number
  totalBytes: number
}

export interface RawLine {
  /** 1-based line (CSV/XLSX, header = 1) or row number (Parquet). */
  line: number
  row: RawRow
}

export async function* readRetailFile(
  path: string,
  opts: { format?: RetailFormat; onProgress?: (p: ReadProgress) => void } = {}
): AsyncGenerator<RawLine> {
  const format = opts.format ?? detectFormat(path)
  const totalBytes = statSync(path).size
  if (format === "parquet") {
    yield* readParquet(path, totalBytes, opts.onProgress)
  } else if (format === "xlsx") {
    yield* readXlsx(path, totalBytes, opts.onProgress)
  } else {
    yield* readCsv(path, format === "csv.gz", totalBytes, opts.onProgress)
  }
}

function assertHeader(header: string[], path: string) {
  const check = checkHeader(header)
  if (!check.ok) throw new WrongFileError(`${path}: ${check.message}`)
}

async function* readCsv(path: string, gzip: boolean, totalBytes: number, onProgress?: (p: ReadProgress) => void) {
  const file = createReadStream(path)
  let bytesRead = 0
  file.on("data", (chunk) => (bytesRead += chunk.length))
  const parser = parse({ columns: false, bom: true, relax_column_count: true, skip_empty_lines: true })
  ;(gzip ? file.pipe(createGunzip()) : file).pipe(parser)
  let header: string[] | null = null
  let line = 0
  for await (const record of parser as AsyncIterable<string[]>) {
    line++
    if (!header) {
      header = record
      assertHeader(header, path)
      continue
    }
    const row: Record<string, unknown> = {}
    header.forEach((h, i) => {
      if (i < record.length) row[h] = record[i]
    })
    if (line % 10_000 === 0) onProgress?.({ rows: line - 1, bytesRead, totalBytes })
    yield { line, row: canonicalRow(row) }
  }
  if (!header) throw new WrongFileError(`${path}: the file is empty`)
  onProgress?.({ rows: line - 1, bytesRead: totalBytes, totalBytes })
}

async function* readXlsx(path: string, totalBytes: number, onProgress?: (p: ReadProgress) => void) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: "emit",
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "cache", // dates are told apart from numbers by their cell style
  })
  let header: string[] | null = null
  let rows = 0
  for await (const worksheet of reader as any) {
    for await (const r of worksheet as any) {
      const values: unknown[] = (r.values as unknown[]).slice(1) // ExcelJS rows are 1-based
      if (!header) {
        header = values.map((v) => String(v ?? ""))
        assertHeader(header, path)
        continue
      }
      const row: Record<string, unknown> = {}
      header.forEach((h, i) => {
        const v = values[i]
        row[h] = v && typeof v === "object" && "result" in (v as any) ? (v as any).result : v
      })
      rows++
      if (rows % 10_000 === 0) onProgress?.({ rows, totalBytes, bytesRead: undefined })
      yield { line: r.number as number, row: canonicalRow(row) }
    }
    break // the data is on the first sheet
  }
  if (!header) throw new WrongFileError(`${path}: the workbook has no rows`)
  onProgress?.({ rows, totalBytes, bytesRead: totalBytes })
}

async function* readParquet(path: string, totalBytes: number, onProgress?: (p: ReadProgress) => void) {
  // hyparquet is ESM-only: a dynamic import keeps this CommonJS module loadable
  const { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } = await import("hyparquet")
  const { compressors } = await import("hyparquet-compressors")
  const file = await asyncBufferFromFile(path)
  const metadata = await parquetMetadataAsync(file)
  const header = parquetSchema(metadata).children.map((c: any) => c.element.name as string)
  assertHeader(header, path)
  const totalRows = Number(metadata.num_rows)
  let start = 0
  for (const group of metadata.row_groups) {
    const end = start + Number(group.num_rows)
    const rows = await parquetReadObjects({
      file,
      metadata,
      compressors,
      rowStart: start,
      rowEnd: end,
      columns: header.filter((h) => COLUMNS.some((c) => c.toLowerCase() === h.toLowerCase())),
    })
    for (let i = 0; i < rows.length; i++) {
      yield { line: start + i + 1, row: canonicalRow(rows[i] as Record<string, unknown>) }
    }
    start = end
    onProgress?.({ rows: start, totalRows, totalBytes })
  }
}
