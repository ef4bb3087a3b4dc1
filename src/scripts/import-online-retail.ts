import { SingleBar } from "cli-progress"
import type { ExecArgs } from "@medusajs/framework/types"
import { RL_AGENT_MODULE } from "../modules/rl-agent"
import type RlAgentModuleService from "../modules/rl-agent/service"
import { runOnlineRetailImport } from "../workflows/import/run-import"
import { IMPORT_USAGE as USAGE, parseImportArgs } from "./import-args"

/**
 * In a store:       npx rl-recommendations import <path>
 * In this repository: npm run import:online-retail -- <path>
 *
 * (`medusa exec` passes only positional arguments to a script; `--file <path>`
 * is accepted too where a runner forwards it.)
 *
 * Imports the UCI Online Retail data set (.xlsx, .csv, .csv.gz or .parquet)
 * with a progress bar (phase, rate, ETA). Safe to re-run: nothing is duplicated.
 */
export default async function importOnlineRetail({ container, args }: ExecArgs) {
  const { file, priceIn } = parseImportArgs(args)
  if (!file) throw new Error(USAGE)
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const bar = new SingleBar({
    format: " {phase} |{bar}| {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}",
    hideCursor: true,
    // without a terminal (CI, logs) print a line every 5 s instead of redrawing
    noTTYOutput: true,
    notTTYSchedule: 5000,
  })
  let runId: string | null = null
  let phase = ""
  let phaseStart = Date.now()
  bar.start(1, 0, { phase: "validate".padEnd(10), rate: 0 })
  const timer = setInterval(async () => {
    if (!runId) return
    const [run] = await rl.listRlImportRuns({ id: runId }).catch(() => [] as any[])
    if (!run) return
    if (run.phase !== phase) {
      phase = run.phase
      phaseStart = Date.now()
    }
    const secs = Math.max(0.001, (Date.now() - phaseStart) / 1000)
    bar.setTotal(Math.max(run.total, run.processed, 1))
    bar.update(run.processed, { phase: run.phase.padEnd(10), rate: Math.round(run.processed / secs) })
  }, 250)
  const started = Date.now()
  try {
    const result = await runOnlineRetailImport(container, file, { onRun: (id) => (runId = id), priceIn })
    clearInterval(timer)
    bar.stop()
    const s = result.summary
    console.log(
      `\nImported ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s (run ${result.run_id}):\n` +
        `  lines ${s.lines}, skipped ${s.skipped.total} ${JSON.stringify(s.skipped.counts)} (first lines ${JSON.stringify(s.skipped.examples)})\n` +
        `  products ${result.products} (${s.productsInOther} in "other"), non-product codes skipped: ${Object.values(s.nonProductCodes).reduce((a, b) => a + b, 0)} lines\n` +
        `  customers ${result.customers}, countries ${s.countries}, invoices ${s.invoices} (${s.cancellationInvoices} cancellations)\n` +
        `  purchase history lines ${result.purchase_lines} (${result.purchase_lines_inserted} new)\n` +
        `  statistics: ${result.statistics.products} products, ${result.statistics.co_purchases} co-purchase pairs, ` +
        `${result.statistics.profiles} customer profiles (${(result.statistics.duration_ms / 1000).toFixed(1)} s)\n` +
        `  store: ${result.store_setup.actions.length ? result.store_setup.actions.join("; ") : "nothing to change"}` +
        result.store_setup.notes.map((n: string) => `\n  note: ${n}`).join("")
    )
  } catch (e) {
    clearInterval(timer)
    bar.stop()
    throw e
  }
}
