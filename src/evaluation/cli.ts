/**
 * npm run evaluate [-- --file <path>] [--out <dir>] [--seeds 1,2,3,4,5] [--resamples 1000]
 *
 * Trains and evaluates every method on the Online Retail data set and writes
 * <out>/evaluation.md, evaluation.json, evaluation.svg and model.json (the
 * trained agent, loadable into a store with src/scripts/load-model.ts).
 */
import { mkdirSync, writeFileSync } from "fs"
import path from "path"
import { SingleBar } from "cli-progress"
import { loadEvaluationDataset } from "./dataset"
import { renderMarkdown, renderSvg } from "./report"
import { runEvaluation } from "./run"

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

async function main() {
  const file = arg("file") ?? process.env.RL_DATA_FILE ?? path.resolve(__dirname, "../../../shared/data/online-retail.parquet")
  const out = path.resolve(arg("out") ?? "reports")
  const seeds = arg("seeds")?.split(",").map(Number)
  const resamples = arg("resamples") ? Number(arg("resamples")) : undefined
  if (seeds?.some((s) => !Number.isInteger(s)) || (resamples !== undefined && !(resamples >= 100))) {
    throw new Error("--seeds takes integers like 1,2,3; --resamples at least 100")
  }
  const bar = new SingleBar({
    format: " {phase} |{bar}| {value}/{total} | {duration}s",
    hideCursor: true,
    noTTYOutput: true,
    notTTYSchedule: 5000,
  })
  const started = Date.now()
  bar.start(541_909, 0, { phase: "load".padEnd(22) })
  const data = await loadEvaluationDataset(file, (rows) => bar.update(rows))
  const loadSeconds = (Date.now() - started) / 1000
  const { report, model } = await runEvaluation(data, path.relative(process.cwd(), file) || file, {
    seeds,
    resamples,
    loadSeconds,
    onProgress: (phase, done, total) => {
      bar.setTotal(total)
      bar.update(done, { phase: phase.padEnd(22) })
    },
  })
  bar.stop()
  mkdirSync(out, { recursive: true })
  writeFileSync(path.join(out, "evaluation.json"), JSON.stringify(report, null, 2) + "\n")
  writeFileSync(path.join(out, "evaluation.md"), renderMarkdown(report))
  writeFileSync(path.join(out, "evaluation.svg"), renderSvg(report) + "\n")
  writeFileSync(path.join(out, "model.json"), JSON.stringify({ source: "npm run evaluate", generated_at: report.generated_at, ...model }) + "\n")
  const agent = report.methods.find((m) => m.method === "q_agent")!
  console.log(
    `\nEvaluated in ${report.timing.total_s.toFixed(1)} s → ${path.relative(process.cwd(), out)}/evaluation.{md,json,svg}, model.json\n` +
      `Q-learning agent HitRate@10 ${agent.metrics.hit.toFixed(4)}; best fixed (${report.best_fixed}) ` +
      `${report.methods.find((m) => m.method === "best_fixed")!.metrics.hit.toFixed(4)}; ` +
      report.targets.map((t) => `${t.met ? "MET" : "NOT MET"}: ${t.claim}`).join("; ")
  )
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
