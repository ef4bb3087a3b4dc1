/**
 * How many decisions a live experiment needs to detect a truly better arm,
 * and how often it calls a winner when there is none: a synthetic store in
 * which each decision converts with its arm's true rate, shoppers assigned
 * by the plugin's own sticky assignment and each pair of arms compared by
 * the plugin's own Welch interval (src/learning/experiments.ts), read every
 * `--every` decisions as a merchant watching the dashboard would.
 *
 *   npm run bench:experiments [-- --runs 200 --every 500 --max 100000 --split 0.2 --base 0.03]
 *
 * Not a test: it prints figures (docs/experiments.md records a run).
 */
import { assignArm, compareArms, MIN_DECISIONS_PER_ARM, sampleMean, sampleVariance, type ArmSample, type ArmSpec } from "../src/learning/experiments"
import { createRng } from "../src/learning/rng"

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const RUNS = arg("runs", 200)
const EVERY = arg("every", 500)
const MAX = arg("max", 100_000)
const SPLIT = arg("split", 0.2)
const BASE = arg("base", 0.03)

const ARMS: ArmSpec[] = [
  { key: "agent", kind: "agent", weight: 1 - SPLIT },
  { key: "popular", kind: "strategy", strategy: "popular", weight: SPLIT },
]

type Outcome = { detectedAt: number | null; verdict: string }
type Method = "plugin" | "welch"

/** The fixed-horizon alternative, for comparison: Welch's interval (normal quantile: thousands of decisions), read as often. */
function welchVerdict(a: ArmSample, b: ArmSample): string {
  if (a.n < MIN_DECISIONS_PER_ARM || b.n < MIN_DECISIONS_PER_ARM) return "not_enough_data"
  const d = sampleMean(b)! - sampleMean(a)!
  const half = 1.959964 * Math.sqrt(sampleVariance(a)! / a.n + sampleVariance(b)! / b.n)
  return d - half > 0 ? "better" : d + half < 0 ? "worse" : "no_clear_difference"
}

/**
 * One experiment: shoppers arrive (one decision each), convert with their
 * arm's rate; the treatment's rate is the control's × (1 + lift). Returns the
 * decision count at which the verdict first said "better" (or "worse"), or
 * null if it never did within MAX.
 */
function runOnce(seed: number, lift: number, method: Method): Outcome {
  const rng = createRng(seed)
  const rate: Record<string, number> = { agent: BASE * (1 + lift), popular: BASE }
  const s: Record<string, ArmSample> = { agent: { n: 0, sum: 0, sumSquares: 0 }, popular: { n: 0, sum: 0, sumSquares: 0 } }
  for (let i = 1; i <= MAX; i++) {
    const arm = assignArm(`rlexp_sim_${seed}`, `shopper-${i}`, ARMS).key
    const x = rng() < rate[arm] ? 1 : 0
    s[arm].n++
    s[arm].sum += x
    s[arm].sumSquares += x * x
    if (i % EVERY === 0) {
      const verdict =
        method === "plugin" ? compareArms({ ...s.popular, label: "popular" }, { ...s.agent, label: "agent" }, "conversion").verdict : welchVerdict(s.popular, s.agent)
      if (verdict === "better" || verdict === "worse") return { detectedAt: i, verdict }
    }
  }
  return { detectedAt: null, verdict: "none" }
}

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN
}

console.log(
  `experiment simulation: ${RUNS} runs per row, control (popular) converts ${(BASE * 100).toFixed(1)}%, ` +
    `split ${Math.round((1 - SPLIT) * 100)}/${Math.round(SPLIT * 100)} agent/popular, verdict read every ${EVERY} decisions, ` +
    `at most ${MAX} decisions, minimum ${MIN_DECISIONS_PER_ARM} per arm`
)
for (const method of ["plugin", "welch"] as Method[]) {
  console.log(
    method === "plugin"
      ? "\nthe plugin's always-valid interval (asymptotic confidence sequence):"
      : "\nfor comparison, a fixed-horizon Welch interval read as often (what a naive dashboard does):"
  )
  console.log("| true lift of the agent | detected (agent better) | wrong way (agent worse) | never | decisions to detection p50 | p90 |")
  console.log("| --- | --- | --- | --- | --- | --- |")
  for (const lift of [0, 0.1, 0.2, 0.5, 1]) {
    const results = Array.from({ length: RUNS }, (_, r) => runOnce(1000 + r, lift, method))
    const better = results.filter((r) => r.verdict === "better")
    const worse = results.filter((r) => r.verdict === "worse")
    const at = better.map((r) => r.detectedAt!)
    const pct = (n: number) => `${((100 * n) / RUNS).toFixed(1)}%`
    console.log(
      `| ${lift === 0 ? "none (A/A)" : `+${lift * 100}%`} | ${pct(better.length)} | ${pct(worse.length)} | ${pct(RUNS - better.length - worse.length)} | ` +
        `${at.length ? quantile(at, 0.5).toLocaleString("en-GB") : "–"} | ${at.length ? quantile(at, 0.9).toLocaleString("en-GB") : "–"} |`
    )
  }
}
