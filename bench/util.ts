/** Small helpers shared by the benchmark scripts. */

/** `--name value` from argv, as a number, with a default. */
export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  if (i === -1 || i + 1 >= process.argv.length) return fallback
  const v = Number(process.argv[i + 1])
  if (!Number.isFinite(v)) throw new Error(`--${name} must be a number`)
  return v
}

/** Nearest-rank percentile, p in [0, 1]. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]
}

export function printTable(rows: Array<Record<string, unknown>>): void {
  const cols = Object.keys(rows[0] ?? {})
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)))
  const line = (cells: string[]) => "| " + cells.map((c, i) => c.padEnd(width[i])).join(" | ") + " |"
  console.log(line(cols))
  console.log("| " + width.map((w) => "-".repeat(w)).join(" | ") + " |")
  for (const r of rows) console.log(line(cols.map((c) => String(r[c]))))
}
