/** Arguments of the import command, as `medusa exec` hands them to the script. */
export const IMPORT_USAGE =
  "Usage: npx rl-recommendations import <path to Online Retail .xlsx/.csv/.csv.gz/.parquet> [--price-in <currency>=<rate per £> ...]"

/**
 * `price-in:eur=1.17` (what the bin passes: `medusa exec` forwards only
 * positional arguments) or `--price-in eur=1.17`: currency → rate per pound.
 */
export function parseImportArgs(args: string[]): { file: string | null; priceIn: Record<string, number> } {
  const priceIn: Record<string, number> = {}
  const positional: string[] = []
  for (let k = 0; k < args.length; k++) {
    let spec: string | null = null
    if (args[k] === "--price-in") spec = args[++k] ?? ""
    else if (args[k].startsWith("price-in:")) spec = args[k].slice("price-in:".length)
    else if (args[k] === "--file") positional.unshift(args[++k] ?? "")
    else if (!args[k].startsWith("--")) positional.push(args[k])
    if (spec === null) continue
    const m = /^([a-z]{3})=(\d+(?:\.\d+)?)$/i.exec(spec)
    if (!m || Number(m[2]) <= 0) throw new Error(`--price-in takes <currency>=<rate per £>, such as eur=1.17; got "${spec}"\n${IMPORT_USAGE}`)
    priceIn[m[1].toLowerCase()] = Number(m[2])
  }
  return { file: positional[0] ?? null, priceIn }
}
