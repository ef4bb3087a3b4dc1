/**
 * Tune on the holdout of the fit period, then replay every seed and report.
 */
import type { ConvergenceDay } from "../learning/convergence"
import { STRATEGIES, type Strategy } from "../learning/strategies"
import type { StateModel } from "../learning/state"
import { pairedBootstrap, resampleIndices, type PairedDifference } from "./bootstrap"
import type { CleaningCounts, EvalDataset } from "./dataset"
import {
  DEFAULT_CONFIG,
  FIXED,
  METHODS,
  fitModels,
  replay,
  type FittedModels,
  type MethodConfig,
  type MethodName,
  type MethodTotals,
  type ReplayResult,
} from "./engine"
import { POPULARITY_WINDOW_DAYS, type PopularityMeasure, type PopularityWindowName } from "./knowledge"
import { METRICS, type Metric } from "./metrics"
import { PROTOCOL, between, quantityCap, type EvalPlacement } from "./protocol"
import { SegmentTally, largestLead, type SegmentRow } from "./segments"

export const METHOD_INFO: Record<MethodName, { label: string; what: string }> = {
  random_item: { label: "Random item", what: "10 products drawn uniformly from the catalogue" },
  random_strategy: { label: "Random strategy", what: "one of the six strategies, uniformly" },
  global_popularity: { label: "Global popularity", what: "best sellers of the fit period (window and measure tuned)" },
  country_popularity: { label: "Country popularity", what: "best sellers among the shopper's country (≥ 20 baskets), else global" },
  own_purchases: { label: "Own past purchases", what: "the customer's earlier products by orders × recency (half-life tuned), filled with global popularity" },
  item_knn: { label: "Item-kNN", what: "cosine co-purchase neighbours of the cart (support, list length, basket cap tuned), filled with global popularity" },
  ease: { label: "EASE^R", what: "Steck's closed-form linear item-item model (λ tuned) on the 1,000 products in most fit baskets, scored from the cart; filled with item-kNN, then popularity" },
  rp3beta: { label: "RP3beta", what: "product → basket → product random walk with popularity damping (α, β tuned), scored from the cart; filled with item-kNN, then popularity" },
  session_knn: { label: "Session-kNN", what: "the fit baskets most like the cart (cosine over products, the most recent sharing one sampled), their products by summed similarity (neighbours, sample tuned); filled with item-kNN, then popularity" },
  ease_repeat: { label: "EASE^R + own history (repeat-aware)", what: "EASE^R on the cart plus the customer's own products by orders × recency (the own-purchases half-life), their weight tuned" },
  "fixed:low_price": { label: "Fixed: low_price", what: "always low_price" },
  "fixed:medium_price": { label: "Fixed: medium_price", what: "always medium_price" },
  "fixed:high_price": { label: "Fixed: high_price", what: "always high_price" },
  "fixed:category_match": { label: "Fixed: category_match", what: "always category_match" },
  "fixed:popular": { label: "Fixed: popular", what: "always popular" },
  "fixed:personalized": { label: "Fixed: personalized", what: "always personalized" },
  q_agent: { label: "Q-learning agent", what: "ε-greedy Q-learning over the six strategies (γ 0.95), pre-trained on the fit period, learning through the test" },
  bandit: { label: "Contextual bandit", what: "the same agent with γ = 0" },
  q_agent_no_prior: { label: "Q-learning, no prior (ablation)", what: "the agent with unvisited cells at 0 instead of the strategy's overall value" },
  oracle_strategy: { label: "Oracle strategy per event (ceiling)", what: "the strategy that did best on each test event, chosen after seeing it: the most any choice among the six could reach" },
}

export interface MethodRow {
  method: MethodName | "best_fixed"
  label: string
  what: string
  metrics: Record<Metric, number>
  coverage: number
  /** Distinct categories in a list, on average. */
  categories_per_list: number
  events: number
}

export interface Comparison {
  baseline: string
  metric: Metric
  result: PairedDifference
}

export interface EvaluationReport {
  generated_at: string
  file: string
  cleaning: CleaningCounts
  protocol: {
    fit: string
    tune: string
    test: string
    k: number
    seeds: number[]
    quantity_cap: number
    fit_baskets: number
    test_baskets: number
    test_events_per_seed: number
    test_customers: number
    catalogue: number
    bootstrap_resamples: number
  }
  tuning: Array<{ what: string; candidates: Array<{ config: string; hit: number }>; chosen: string }>
  /** Each strategy's validation HitRate@10 by segment of the candidate state features (tuning holdout, seed 1). */
  segments: {
    rows: SegmentRow[]
    /** The strategy with the best validation HitRate@10 overall. */
    reference: Strategy
    /** The largest lead of another strategy over it in a segment of ≥ 100 events. */
    lead: { feature: string; range: string; strategy: Strategy; lead: number } | null
  }
  config: MethodConfig
  methods: MethodRow[]
  best_fixed: Strategy
  comparisons: Comparison[]
  agent: {
    strategy_mix: Record<string, { share: Record<Strategy, number>; explored: number }>
    q_table: { states: number; entries: number }
    state_model: StateModel
  }
  /** The same methods on other placements (product pages: each test basket's first revealed product is the page's). */
  placements: PlacementReport[]
  targets: Array<{ claim: string; met: boolean }>
  timing: { load_s: number; tune_s: number; evaluate_s: number; total_s: number }
}

export interface PlacementReport {
  placement: EvalPlacement
  test_events_per_seed: number
  methods: MethodRow[]
  comparisons: Comparison[]
  strategy_mix: Record<string, { share: Record<Strategy, number>; explored: number }>
  /** States of this placement in the saved model. */
  q_table: { states: number }
}

export interface EvaluationOutput {
  report: EvaluationReport
  /** The Q-learning agent after replaying everything (seed 1): the model the store can start from. */
  model: {
    state_model: StateModel
    rows: Array<{ state_key: string; strategy: Strategy; value: number; visits: number }>
    epsilon: number
    convergence: ConvergenceDay[] // the cart agent's indicators per replayed day (learning/convergence.ts)
  }
}

/** Replays of the tuning phase (candidates of every step, then the segments), for the progress bar. */
const TUNING_STEPS = 8 + 4 + 4 + 4 + 5 + 3 + 3 + 3 + 4 + 3 + 1

/** How much validation HitRate@10 the category cap may cost (absolute). */
export const DIVERSITY_TOLERANCE = 0.002

const day = (d: Date) => d.toISOString().slice(0, 10)

function mean(t: MethodTotals, m: Metric) {
  return t.n ? t.sums[m] / t.n : 0
}

/** Picks the candidate with the best HitRate@10 on the tuning holdout (seed 1). */
function tuneStep<T>(
  what: string,
  candidates: T[],
  describe: (c: T) => string,
  score: (c: T) => number,
  log: EvaluationReport["tuning"]
): T {
  const scored = candidates.map((c) => ({ c, hit: score(c) }))
  const best = scored.reduce((a, b) => (b.hit > a.hit ? b : a))
  log.push({ what, candidates: scored.map((x) => ({ config: describe(x.c), hit: x.hit })), chosen: describe(best.c) })
  return best.c
}

export async function runEvaluation(
  data: EvalDataset,
  file: string,
  opts: { seeds?: number[]; resamples?: number; onProgress?: (phase: string, done: number, total: number) => void; loadSeconds?: number } = {}
): Promise<EvaluationOutput> {
  const started = Date.now()
  const seeds = opts.seeds ?? [...PROTOCOL.seeds]
  const resamples = opts.resamples ?? 1000
  const k = PROTOCOL.k
  const fit = between(data.baskets, null, PROTOCOL.testStart)
  const test = between(data.baskets, PROTOCOL.testStart, null)
  const cap = quantityCap(fit)

  // ---- tuning: fit before tuneStart, score on [tuneStart, testStart), seed 1, HitRate@10
  const tuneFit = between(data.baskets, null, PROTOCOL.tuneStart)
  const tuning: EvaluationReport["tuning"] = []
  const config: MethodConfig = JSON.parse(JSON.stringify(DEFAULT_CONFIG))
  const cheap = { knn: false, ease: false, rp3: false, sknn: false } as const
  const tuneBase = fitModels(tuneFit, data, config, cheap)
  const shared = { storeNeighbours: tuneBase.storeNeighbours, stateModel: tuneBase.stateModel }
  const tuneOpts = { testStart: PROTOCOL.tuneStart, testEnd: PROTOCOL.testStart, seed: 1, k, quantityCap: cap }
  const hitOf = (models: FittedModels, c: MethodConfig, m: MethodName) => {
    const r = replay(data, models, c, { ...tuneOpts, methods: [m] })
    return mean(r.totals.get(m)!, "hit")
  }
  let step = 0
  const tick = (phase: string) => opts.onProgress?.(phase, ++step, TUNING_STEPS)

  const popularity = tuneStep(
    "popularity (global and country baselines, and the strategies)",
    (Object.keys(POPULARITY_WINDOW_DAYS) as PopularityWindowName[]).flatMap((window) =>
      (["units", "orders"] as PopularityMeasure[]).map((measure) => ({ window, measure }))
    ),
    (p) => `${p.window} by ${p.measure}`,
    (p) => {
      tick("tune popularity")
      const c = { ...config, popularity: p }
      return hitOf(fitModels(tuneFit, data, c, { ...cheap, ...shared }), c, "global_popularity")
    },
    tuning
  )
  config.popularity = popularity
  const tuneModels = fitModels(tuneFit, data, config, { ...cheap, ...shared })

  config.ownHalfLifeDays = tuneStep(
    "own past purchases: recency half-life (days)",
    [30, 90, 365, Infinity],
    (h) => (Number.isFinite(h) ? `${h}` : "none"),
    (h) => {
      tick("tune own purchases")
      return hitOf(tuneModels, { ...config, ownHalfLifeDays: h }, "own_purchases")
    },
    tuning
  )
  config.knn = tuneStep(
    "item-kNN: neighbours kept, minimum shared baskets, basket size cap",
    [
      { topN: 50, minShared: 1, maxBasketProducts: 100 },
      { topN: 50, minShared: 2, maxBasketProducts: 100 },
      { topN: 200, minShared: 1, maxBasketProducts: 100 },
      { topN: 200, minShared: 1, maxBasketProducts: 250 },
    ],
    (o) => `top ${o.topN}, ≥ ${o.minShared} shared, baskets ≤ ${o.maxBasketProducts}`,
    (o) => {
      tick("tune item-kNN")
      const c = { ...config, knn: o }
      return hitOf(fitModels(tuneFit, data, c, { ...shared, ease: false, rp3: false, sknn: false }), c, "item_knn")
    },
    tuning
  )
  // the tuned kNN, fitted once: the steps below fill from it without refitting it
  const tunedKnn = fitModels(tuneFit, data, config, { ...shared, ease: false, rp3: false, sknn: false }).knn
  /** Fits only the model a step tunes (beside the tuned kNN) and scores its method on the holdout. */
  const fitAndScore = (c: MethodConfig, method: MethodName, fit: { ease?: boolean; rp3?: boolean; sknn?: boolean }) =>
    hitOf(fitModels(tuneFit, data, c, { ...shared, knn: tunedKnn, ease: false, rp3: false, sknn: false, ...fit }), c, method)
  config.historyWeight = tuneStep(
    "personalized: weight of the customer's history against the cart",
    [0, 0.05, 0.2, 1],
    (w) => `${w}`,
    (w) => {
      tick("tune personalized")
      return hitOf(tuneModels, { ...config, historyWeight: w }, "fixed:personalized")
    },
    tuning
  )
  {
    // Diversification is a trade: the strongest cap that costs at most DIVERSITY_TOLERANCE of
    // personalized's validation HitRate@10 against no cap (more categories per list for the same hits)
    const candidates = [null, 5, 4, 3, 2].map((cap) => {
      tick("tune diversification")
      const c = { ...config, maxPerCategory: cap }
      const r = replay(data, tuneModels, c, { ...tuneOpts, methods: ["fixed:personalized"] })
      const t = r.totals.get("fixed:personalized")!
      return { cap, hit: mean(t, "hit"), categories: t.n ? t.categories / t.n : 0 }
    })
    const none = candidates[0]
    const chosen = candidates.filter((x) => x.hit >= none.hit - DIVERSITY_TOLERANCE).at(-1)!
    const describe = (x: (typeof candidates)[number]) =>
      `${x.cap === null ? "no cap" : `at most ${x.cap} per category`} (${x.categories.toFixed(2)} categories per list)`
    tuning.push({
      what: `diversification: products per category in a list (the strongest cap within ${DIVERSITY_TOLERANCE} HitRate@10 of no cap, on personalized)`,
      candidates: candidates.map((x) => ({ config: describe(x), hit: x.hit })),
      chosen: describe(chosen),
    })
    config.maxPerCategory = chosen.cap
  }
  config.ease = tuneStep(
    "EASE^R: L2 regularisation λ (the 1,000 products in most baskets)",
    [50, 200, 800].map((lambda) => ({ lambda, maxProducts: 1000 })),
    (e) => `λ ${e.lambda}`,
    (e) => {
      tick("tune EASE^R")
      return fitAndScore({ ...config, ease: e }, "ease", { ease: true })
    },
    tuning
  )
  config.rp3 = tuneStep(
    "RP3beta: walk exponent α, popularity damping β",
    [
      { alpha: 1, beta: 0.3 },
      { alpha: 1, beta: 0.6 },
      { alpha: 0.7, beta: 0.5 },
    ],
    (r) => `α ${r.alpha}, β ${r.beta}`,
    (r) => {
      tick("tune RP3beta")
      return fitAndScore({ ...config, rp3: r }, "rp3beta", { rp3: true })
    },
    tuning
  )
  config.sknn = tuneStep(
    "session-kNN: neighbour baskets, recent baskets sampled per cart product",
    [
      { neighbours: 100, sample: 300 },
      { neighbours: 100, sample: 1000 },
      { neighbours: 200, sample: 1000 },
    ].map((o) => ({ ...o, maxBasketProducts: config.knn.maxBasketProducts })),
    (o) => `${o.neighbours} neighbours of ${o.sample} sampled`,
    (o) => {
      tick("tune session-kNN")
      return fitAndScore({ ...config, sknn: o }, "session_knn", { sknn: true })
    },
    tuning
  )
  const tuneEase = fitModels(tuneFit, data, config, { ...shared, knn: tunedKnn, rp3: false, sknn: false })
  config.repeatWeight = tuneStep(
    "EASE^R + own history: weight of the customer's strongest own product against EASE on the cart",
    [0.05, 0.2, 0.5, 2],
    (w) => `${w}`,
    (w) => {
      tick("tune repeat blend")
      return hitOf(tuneEase, { ...config, repeatWeight: w }, "ease_repeat")
    },
    tuning
  )
  config.agent = tuneStep(
    "Q-learning agent: learning rate α",
    [0.01, 0.05, 0.2].map((alpha) => ({ ...config.agent, alpha })),
    (a) => `α ${a.alpha}`,
    (a) => {
      tick("tune agent")
      return hitOf(tuneModels, { ...config, agent: a }, "q_agent")
    },
    tuning
  )
  // Where the strategies win, with everything tuned: the evidence for (or against) adding a feature to the state
  tick("segments")
  const tally = new SegmentTally()
  const segmentRun = replay(data, tuneModels, config, { ...tuneOpts, methods: FIXED, segments: tally })
  const reference = STRATEGIES.reduce((a, b) =>
    mean(segmentRun.totals.get(`fixed:${b}`)!, "hit") > mean(segmentRun.totals.get(`fixed:${a}`)!, "hit") ? b : a
  )
  const segmentRows = tally.rows()
  const lead = largestLead(segmentRows, reference)
  const segments: EvaluationReport["segments"] = {
    rows: segmentRows,
    reference,
    lead: lead && { feature: lead.row.label, range: lead.row.range, strategy: lead.strategy, lead: lead.lead },
  }
  const tuneSeconds = (Date.now() - started) / 1000

  // ---- final: fit on everything before testStart, replay every seed, for carts and for product pages
  const models = fitModels(fit, data, config)
  const replaySeeds = (placement: EvalPlacement, progressFrom: number) => {
    const merged = new Map<MethodName, MethodTotals>()
    const mixes: Record<string, { chosen: Record<Strategy, number>; explored: number; decisions: number }> = {}
    let agent: ReplayResult["agents"][string] | null = null
    let eventsPerSeed = 0
    let testCustomers = 0
    seeds.forEach((seed, i) => {
      opts.onProgress?.(`evaluate ${placement === "cart" ? "" : "product pages, "}seed ${seed}`, progressFrom + i, 2 * seeds.length)
      const r = replay(data, models, config, { testStart: PROTOCOL.testStart, seed, placement, k, quantityCap: cap, methods: METHODS })
      eventsPerSeed = r.events
      testCustomers = r.customers
      for (const [m, t] of r.totals) {
        const acc = merged.get(m)
        if (!acc) {
          merged.set(m, t)
          continue
        }
        for (const metric of METRICS) acc.sums[metric] += t.sums[metric]
        acc.n += t.n
        acc.categories += t.categories
        for (const id of t.recommended) acc.recommended.add(id)
        for (const [c, v] of t.byCustomer) {
          const a = acc.byCustomer.get(c) ?? { sums: Object.fromEntries(METRICS.map((x) => [x, 0])) as Record<Metric, number>, n: 0 }
          for (const metric of METRICS) a.sums[metric] += v.sums[metric]
          a.n += v.n
          acc.byCustomer.set(c, a)
        }
      }
      for (const [m, x] of Object.entries(r.strategyMix)) {
        const acc = (mixes[m] ??= { chosen: Object.fromEntries(STRATEGIES.map((s) => [s, 0])) as Record<Strategy, number>, explored: 0, decisions: 0 })
        for (const s of STRATEGIES) acc.chosen[s] += x.chosen[s]
        acc.explored += x.explored
        acc.decisions += x.decisions
      }
      agent ??= r.agents.q_agent
    })
    return { merged, mixes, agent: agent!, eventsPerSeed, testCustomers }
  }
  const carts = replaySeeds("cart", 0)
  const pages = replaySeeds("product", seeds.length)
  const { merged, mixes, eventsPerSeed, testCustomers } = carts
  // one table serves both placements: the cart replay's rows, and the product pages' own states (`pl:product`)
  const model: EvaluationOutput["model"] = {
    state_model: models.stateModel,
    rows: [...carts.agent.rows(), ...pages.agent.rows().filter((r) => r.state_key.endsWith("|pl:product"))],
    epsilon: carts.agent.epsilon,
    convergence: carts.agent.convergence?.result() ?? [],
  }
  opts.onProgress?.("bootstrap", 2 * seeds.length, 2 * seeds.length)

  const catalogue = models.catalog.length
  const rowOf = (totals: Map<MethodName, MethodTotals>, m: MethodName): MethodRow => {
    const t = totals.get(m)!
    return {
      method: m,
      ...METHOD_INFO[m],
      metrics: Object.fromEntries(METRICS.map((x) => [x, mean(t, x)])) as Record<Metric, number>,
      coverage: t.recommended.size / catalogue,
      categories_per_list: t.n ? t.categories / t.n : 0,
      events: t.n,
    }
  }
  const rows = METHODS.map((m) => rowOf(merged, m))
  const fixedRows = rows.filter((r) => r.method.startsWith("fixed:"))
  const bestFixedRow = fixedRows.reduce((a, b) => (b.metrics.hit > a.metrics.hit ? b : a))
  const bestFixed = bestFixedRow.method.slice("fixed:".length) as Strategy
  rows.push({
    ...bestFixedRow,
    method: "best_fixed",
    label: `Best fixed strategy in hindsight (${bestFixed})`,
    what: "the fixed strategy with the best test HitRate@10 (chosen on test: an upper bound for any fixed choice)",
  })

  const comparisonsOf = (totals: Map<MethodName, MethodTotals>, metrics: readonly Metric[]): Comparison[] => {
    const agentTotals = totals.get("q_agent")!
    const customerIds = [...agentTotals.byCustomer.keys()]
    const indices = resampleIndices(customerIds.length, resamples)
    const compare = (baseline: MethodName, metric: Metric): Comparison => {
      const b = totals.get(baseline)!
      const groups = customerIds.map((c) => {
        const a = agentTotals.byCustomer.get(c)!
        return { a: a.sums[metric], b: b.byCustomer.get(c)!.sums[metric], n: a.n }
      })
      return { baseline, metric, result: pairedBootstrap(groups, resamples, undefined, indices) }
    }
    const out: Comparison[] = []
    for (const m of METHODS) {
      if (m === "q_agent" || m === "oracle_strategy") continue
      for (const metric of metrics) out.push(compare(m, metric))
    }
    return out
  }
  const comparisons = comparisonsOf(merged, METRICS)
  const find = (b: string, metric: Metric) => comparisons.find((c) => c.baseline === b && c.metric === metric)!.result
  const above = (b: string, metric: Metric) => find(b, metric).lo > 0
  const targets = [
    { claim: `beats the best fixed strategy (${bestFixed}) on HitRate@10, CI above zero`, met: above(`fixed:${bestFixed}`, "hit") },
    { claim: `beats the best fixed strategy (${bestFixed}) on Revenue@10, CI above zero`, met: above(`fixed:${bestFixed}`, "revenue") },
    { claim: "beats item-kNN on HitRate@10, CI above zero", met: above("item_knn", "hit") },
    { claim: "beats item-kNN on Revenue@10, CI above zero", met: above("item_knn", "revenue") },
    { claim: "beats EASE^R on HitRate@10, CI above zero", met: above("ease", "hit") },
    { claim: "beats EASE^R on Revenue@10, CI above zero", met: above("ease", "revenue") },
    { claim: "beats RP3beta on HitRate@10, CI above zero", met: above("rp3beta", "hit") },
    { claim: "beats session-kNN on HitRate@10, CI above zero", met: above("session_knn", "hit") },
    { claim: "beats the repeat-aware blend (EASE^R + own history) on HitRate@10, CI above zero", met: above("ease_repeat", "hit") },
    { claim: "beats the repeat-aware blend (EASE^R + own history) on Revenue@10, CI above zero", met: above("ease_repeat", "revenue") },
  ]
  const share = (x: { chosen: Record<Strategy, number>; explored: number; decisions: number }) => ({
    share: Object.fromEntries(STRATEGIES.map((s) => [s, x.decisions ? x.chosen[s] / x.decisions : 0])) as Record<Strategy, number>,
    explored: x.decisions ? x.explored / x.decisions : 0,
  })
  // the product pages: every method again, the agent against each on HitRate@10 and Revenue@10
  const pageRows = METHODS.map((m) => rowOf(pages.merged, m))
  const pagePlacement: PlacementReport = {
    placement: "product",
    test_events_per_seed: pages.eventsPerSeed,
    methods: pageRows,
    comparisons: comparisonsOf(pages.merged, ["hit", "revenue"]),
    strategy_mix: Object.fromEntries(Object.entries(pages.mixes).map(([m, x]) => [m, share(x)])),
    q_table: { states: new Set(pages.agent.rows().filter((r) => r.state_key.endsWith("|pl:product")).map((r) => r.state_key)).size },
  }
  const evaluateSeconds = (Date.now() - started) / 1000 - tuneSeconds
  const states = new Set(model.rows.map((r) => r.state_key)).size
  const report: EvaluationReport = {
    generated_at: new Date().toISOString(),
    file,
    cleaning: data.counts,
    protocol: {
      fit: `${day(data.baskets[0].date)} .. ${day(new Date(PROTOCOL.testStart.getTime() - 1))}`,
      tune: `fit before ${day(PROTOCOL.tuneStart)}, score ${day(PROTOCOL.tuneStart)} .. ${day(new Date(PROTOCOL.testStart.getTime() - 1))}`,
      test: `${day(PROTOCOL.testStart)} .. ${day(data.baskets[data.baskets.length - 1].date)}`,
      k,
      seeds,
      quantity_cap: cap,
      fit_baskets: fit.length,
      test_baskets: test.length,
      test_events_per_seed: eventsPerSeed,
      test_customers: testCustomers,
      catalogue,
      bootstrap_resamples: resamples,
    },
    tuning,
    segments,
    config,
    methods: rows,
    best_fixed: bestFixed,
    comparisons,
    agent: {
      strategy_mix: Object.fromEntries(Object.entries(mixes).map(([m, x]) => [m, share(x)])),
      q_table: { states, entries: model.rows.length },
      state_model: models.stateModel,
    },
    placements: [pagePlacement],
    targets,
    timing: {
      load_s: opts.loadSeconds ?? 0,
      tune_s: tuneSeconds,
      evaluate_s: evaluateSeconds,
      total_s: (opts.loadSeconds ?? 0) + (Date.now() - started) / 1000,
    },
  }
  return { report, model }
}
