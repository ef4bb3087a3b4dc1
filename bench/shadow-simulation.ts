/**
 * How the shadow promotion gate behaves: a synthetic store with contextual
 * states in which each (state, strategy) converts at its own true rate. The
 * serving policy is ε-greedy on a table that prefers a middling strategy in
 * each state; a shadow candidate's probabilities are logged beside every
 * decision, exactly as the plugin logs them; at each reading the plugin's
 * own rule (src/evaluation/promotion.ts: the doubly-robust lower bound on the
 * shadow's log above what the serving policy earned, from 100 settled
 * decisions and an effective sample size of 100, 1,000 bootstrap resamples)
 * says whether it may be promoted. For comparison, the rule as it first
 * shipped: the interval alone, its reward model fitted on the decisions it
 * scores.
 *
 *   npm run bench:shadow [-- --runs 100 --states 20 --epsilon 0.2 --rules plugin,first --scenarios aa,worse,little,better]
 *
 * Rules: `plugin` (as shipped), `first` (as first shipped), `crossfit-only`
 * (cross-fitted, no floor), `floor-only` (in-sample model, the floor).
 *
 * Not a test: it prints figures (docs/experiments.md records a run).
 */
import { meanRewardModel, offPolicyEstimates } from "../src/evaluation/ope"
import { promotionVerdict } from "../src/evaluation/promotion"
import { drawFrom, fillQ, policyProbabilities, type QValues } from "../src/learning/policy"
import { createRng, type Rng } from "../src/learning/rng"
import { STRATEGIES, type Strategy } from "../src/learning/strategies"

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const RUNS = arg("runs", 100)
const STATES = arg("states", 20)
const EPSILON = arg("epsilon", 0.2)
const CANDIDATE_EPSILON = 0.1
const READINGS = [500, 1_000, 2_000, 5_000, 10_000, 20_000]

type Store = { rate: Array<Record<Strategy, number>>; ranked: Strategy[][] }

/** Each state's strategies convert at 1–6%; `ranked[s]` is best first. */
function store(rng: Rng): Store {
  const rate = Array.from({ length: STATES }, () => Object.fromEntries(STRATEGIES.map((a) => [a, 0.01 + 0.05 * rng()])) as Record<Strategy, number>)
  return { rate, ranked: rate.map((r) => [...STRATEGIES].sort((a, b) => r[b] - r[a])) }
}

/** A table whose greedy choice in each state is the strategy of rank `rank` (0 best, 5 worst). */
const tableAt = (s: Store, rank: number) => s.ranked.map((order) => fillQ({ [order[rank]]: 1 }))

const valueOf = (s: Store, table: QValues[], epsilon: number) =>
  table.reduce((sum, q, i) => {
    const p = policyProbabilities(q, epsilon)
    return sum + STRATEGIES.reduce((v, a) => v + p[a] * s.rate[i][a], 0)
  }, 0) / STATES

type Scenario = { key: string; name: string; rank: number; epsilon: number }
const ALL_SCENARIOS: Scenario[] = [
  { key: "aa", name: "the serving policy itself (A/A)", rank: 2, epsilon: EPSILON },
  { key: "worse", name: "worse: prefers each state's worst strategy", rank: 5, epsilon: CANDIDATE_EPSILON },
  { key: "little", name: "a little better: prefers each state's second best", rank: 1, epsilon: CANDIDATE_EPSILON },
  { key: "better", name: "better: prefers each state's best", rank: 0, epsilon: CANDIDATE_EPSILON },
]
const list = (name: string, fallback: string) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : fallback).split(",")
const SCENARIOS = ALL_SCENARIOS.filter((s) => list("scenarios", "aa,worse,little,better").includes(s.key))

type Rule = "plugin" | "first" | "crossfit-only" | "floor-only"
const RULE_TITLES: Record<Rule, string> = {
  plugin: "the plugin's rule (cross-fitted doubly-robust lower bound, effective sample size ≥ 100):",
  first: "for comparison, the rule as first shipped (the interval alone, reward model fitted on the decisions it scores):",
  "crossfit-only": "cross-fitted reward model, no effective-sample-size floor:",
  "floor-only": "reward model fitted on the decisions it scores, with the floor:",
}

function runOnce(seed: number, scenario: Scenario, rule: Rule) {
  const rng = createRng(seed)
  const s = store(rng)
  const serving = tableAt(s, 2)
  const candidate = tableAt(s, scenario.rank)
  const log: Array<{ stateKey: string; action: Strategy; propensity: number; reward: number; target: QValues }> = []
  let promotedAt: number | null = null
  for (let n = 1; n <= READINGS[READINGS.length - 1]; n++) {
    const state = Math.floor(rng() * STATES)
    const mu = policyProbabilities(serving[state], EPSILON)
    const action = drawFrom(mu, rng)
    const reward = rng() < s.rate[state][action] ? 1 : 0
    log.push({ stateKey: String(state), action, propensity: mu[action], reward, target: policyProbabilities(candidate[state], scenario.epsilon) })
    if (READINGS.includes(n) && promotedAt === null) {
      const target = (_k: string, i: number) => log[i].target
      // in-sample: one model fitted on the whole log; cross-fitted: the default
      const model = rule === "first" || rule === "floor-only" ? meanRewardModel(log) : undefined
      const floor = rule === "first" || rule === "crossfit-only" ? 0 : undefined
      const verdict = promotionVerdict(offPolicyEstimates(log, target, model), undefined, floor)
      if (verdict.allowed) promotedAt = n
    }
  }
  return { promotedAt, lift: valueOf(s, candidate, scenario.epsilon) / valueOf(s, serving, EPSILON) - 1 }
}

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN
}

const started = Date.now()
console.log(
  `shadow promotion simulation: ${RUNS} stores per row, ${STATES} states, strategies converting at 1–6%, serving ε-greedy (ε ${EPSILON}) ` +
    `on a table preferring each state's third-best strategy, candidates at ε ${CANDIDATE_EPSILON}; the rule read at ${READINGS.map((r) => r.toLocaleString("en-GB")).join(", ")} decisions`
)
for (const rule of list("rules", "plugin,first") as Rule[]) {
  if (!RULE_TITLES[rule]) throw new Error(`--rules: ${rule} is not one of ${Object.keys(RULE_TITLES).join(", ")}`)
  console.log(`\n${RULE_TITLES[rule]}`)
  console.log("| candidate | its true value vs serving (median) | promoted | decisions to promotion p50 | p90 |")
  console.log("| --- | --- | --- | --- | --- |")
  for (const scenario of SCENARIOS) {
    const results = Array.from({ length: RUNS }, (_, r) => runOnce(5000 + r, scenario, rule))
    const at = results.filter((r) => r.promotedAt !== null).map((r) => r.promotedAt!)
    const lift = quantile(results.map((r) => r.lift), 0.5)
    console.log(
      `| ${scenario.name} | ${lift >= 0 ? "+" : ""}${(lift * 100).toFixed(0)}% | ${((100 * at.length) / RUNS).toFixed(1)}% | ` +
        `${at.length ? quantile(at, 0.5).toLocaleString("en-GB") : "–"} | ${at.length ? quantile(at, 0.9).toLocaleString("en-GB") : "–"} |`
    )
  }
}
console.log(`\n${((Date.now() - started) / 1000).toFixed(0)} s`)
