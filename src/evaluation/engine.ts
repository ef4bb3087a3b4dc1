/**
 * The offline evaluation: replays the baskets in time order, builds each
 * event's state from what was known before it, asks every method for K
 * products and scores them against the hidden half. See docs/evaluation.md.
 */
import {
  DEFAULT_ANCHOR_WEIGHT,
  DEFAULT_HISTORY_WEIGHT,
  coPurchaseNeighbours,
  type CoPurchaseOptions,
  type Related,
} from "../learning/co-purchase"
import { STORE_RELEVANCE_OPTIONS, fitEase, fitRp3beta, type EaseOptions, type Rp3Options } from "../learning/item-models"
import { DIVERSITY_POOL_FACTOR, capPerCategory, type ProductCard } from "../learning/ranking"
import { revenueReward, DEFAULT_REWARD_WEIGHTS, type RewardWeights } from "../learning/reward"
import { createRng, type Rng } from "../learning/rng"
import { stateKey, type StateModel } from "../learning/state"
import { STRATEGIES, type Strategy } from "../learning/strategies"
import { ReplayAgent, type AgentSettings } from "./agent"
import { ConvergenceRecorder } from "../learning/convergence"
import { DenseScorer } from "./dense-scorer"
import { eventState, fitEvalStateModel } from "./event-state"
import type { Basket, EvalDataset } from "./dataset"
import {
  CustomerHistories,
  popularityByCountry,
  popularityScores,
  type PopularityMeasure,
  type PopularityWindowName,
} from "./knowledge"
import { METRICS, scoreList, type EventScore, type Metric } from "./metrics"
import { makeEvents, type EvalPlacement, type TaskEvent } from "./protocol"
import { segmentValues, type SegmentTally } from "./segments"
import { SessionKnn, type SessionKnnOptions } from "./session-knn"
import { StrategyIndex } from "./strategy-index"

export interface MethodConfig {
  popularity: { window: PopularityWindowName; measure: PopularityMeasure }
  knn: Pick<CoPurchaseOptions, "topN" | "minShared" | "maxBasketProducts">
  /** Own past purchases: orders × 0.5^(days since last / half-life). */
  ownHalfLifeDays: number
  /** `personalized`: weight of the customer's history against the cart. */
  historyWeight: number
  ease: Pick<EaseOptions, "lambda" | "maxProducts">
  rp3: Pick<Rp3Options, "alpha" | "beta">
  sknn: SessionKnnOptions
  /** The repeat-aware blend: weight of the customer's own (time-decayed) history against EASE on the cart. */
  repeatWeight: number
  /** The strategies' per-category cap (`capPerCategory`), null for none. */
  maxPerCategory: number | null
  agent: AgentSettings
  rewards: RewardWeights
}

export const DEFAULT_AGENT: AgentSettings = {
  alpha: 0.01,
  gamma: 0.95,
  epsilon: 0.1,
  epsilonMin: 0.01,
  epsilonDecay: 0.995,
  retentionDays: 7,
  prior: true,
}

export const DEFAULT_CONFIG: MethodConfig = {
  popularity: { window: "90d", measure: "units" },
  knn: { topN: 50, minShared: 2, maxBasketProducts: 100 },
  ownHalfLifeDays: 90,
  historyWeight: DEFAULT_HISTORY_WEIGHT,
  ease: { lambda: 200, maxProducts: 1000 },
  rp3: { alpha: 1, beta: 0.5 },
  sknn: { neighbours: 100, sample: 1000, maxBasketProducts: 100 },
  repeatWeight: 0.3,
  maxPerCategory: null,
  agent: DEFAULT_AGENT,
  rewards: DEFAULT_REWARD_WEIGHTS,
}

export const FIXED = STRATEGIES.map((s) => `fixed:${s}` as const)
export const METHODS = [
  "random_item",
  "random_strategy",
  "global_popularity",
  "country_popularity",
  "own_purchases",
  "item_knn",
  "ease",
  "rp3beta",
  "session_knn",
  "ease_repeat",
  ...FIXED,
  "q_agent",
  "bandit",
  "q_agent_no_prior",
  "oracle_strategy",
] as const
export type MethodName = (typeof METHODS)[number]

/** Everything fitted on the fit period: catalogue cards, strategy lists, neighbours, state model. */
export interface FittedModels {
  index: StrategyIndex
  /** Same catalogue ranked by the popularity baseline's own (tuned) definition. */
  popularList: string[]
  countryLists: Map<string, string[]>
  knn: Map<string, Related[]>
  storeNeighbours: Map<string, Related[]>
  stateModel: StateModel
  catalog: ProductCard[]
  /** Dense versions of `storeNeighbours` and `knn` for the replay's hot loop. */
  storeScorer: DenseScorer
  knnScorer: DenseScorer
  easeScorer: DenseScorer
  rp3Scorer: DenseScorer
  sknn: SessionKnn | null
  /** An accumulator without neighbours, for session-kNN's scores. */
  sknnScorer: DenseScorer
}

function sortedByScore(scores: ReadonlyMap<string, number>, cards: Map<string, ProductCard>): string[] {
  return [...cards.values()]
    .sort((a, b) => (scores.get(b.id) ?? 0) - (scores.get(a.id) ?? 0) || a.amount - b.amount || a.id.localeCompare(b.id))
    .map((c) => c.id)
}

export function catalogCards(data: EvalDataset): ProductCard[] {
  return [...data.products.values()].map((p) => ({
    id: p.id,
    title: p.title,
    handle: p.id.toLowerCase(),
    thumbnail: null,
    variant_id: p.id,
    amount: p.price,
    currency_code: "gbp",
    category_ids: [p.category],
  }))
}

/** Fits everything a method may know from the fit baskets. */
export function fitModels(
  fit: Basket[],
  data: EvalDataset,
  config: MethodConfig,
  need: { knn?: boolean | FittedModels["knn"]; ease?: boolean; rp3?: boolean; sknn?: boolean; storeNeighbours?: FittedModels["storeNeighbours"]; stateModel?: StateModel } = {}
): FittedModels {
  const catalog = catalogCards(data)
  const cards = new Map(catalog.map((c) => [c.id, c]))
  const storePopularity = popularityScores(fit, config.popularity.window, config.popularity.measure)
  const index = new StrategyIndex(catalog, storePopularity)
  const countryLists = new Map<string, string[]>()
  for (const [c, scores] of popularityByCountry(fit, config.popularity.window, config.popularity.measure)) {
    countryLists.set(c, sortedByScore(scores, cards))
  }
  const baskets = fit.map((b) => b.lines.map((l) => l.product))
  const storeNeighbours = need.storeNeighbours ?? fitRp3beta(baskets, STORE_RELEVANCE_OPTIONS) // the store's relevance model
  // a fitted kNN can be passed in: the tuning steps after kNN's own reuse the tuned one
  const knn = need.knn === false ? new Map() : need.knn instanceof Map ? need.knn : coPurchaseNeighbours(baskets, config.knn)
  // the dense inverse is the costly fit: skipped when a tuning step does not need it
  const ease = need.ease === false ? new Map() : fitEase(baskets, config.ease)
  const rp3 = need.rp3 === false ? new Map() : fitRp3beta(baskets, { ...config.rp3, maxBasketProducts: config.knn.maxBasketProducts })

  const stateModel = need.stateModel ?? fitEvalStateModel(fit, cards)
  const ids = index.popular.map((c) => c.id)
  const amounts = Float64Array.from(index.popular.map((c) => c.amount))
  return {
    index,
    storeScorer: new DenseScorer(ids, amounts, storeNeighbours),
    knnScorer: new DenseScorer(ids, amounts, knn),
    easeScorer: new DenseScorer(ids, amounts, ease),
    rp3Scorer: new DenseScorer(ids, amounts, rp3),
    sknn: need.sknn === false ? null : new SessionKnn(ids, baskets, config.sknn),
    sknnScorer: new DenseScorer(ids, amounts, new Map()),
    popularList: ids,
    countryLists,
    knn,
    storeNeighbours,
    stateModel,
    catalog,
  }
}

function takeFrom(list: readonly string[], exclude: ReadonlySet<string>, k: number, out: string[] = []): string[] {
  for (let i = 0; i < list.length && out.length < k; i++) {
    if (!exclude.has(list[i]) && !out.includes(list[i])) out.push(list[i])
  }
  return out
}

function rankScores(scores: ReadonlyMap<string, number>, exclude: ReadonlySet<string>, k: number, index: StrategyIndex): string[] {
  const own = [...scores.entries()]
    .filter(([id, s]) => s > 0 && !exclude.has(id) && index.card(id))
    .sort((a, b) => b[1] - a[1] || index.card(a[0])!.amount - index.card(b[0])!.amount || a[0].localeCompare(b[0]))
    .slice(0, k)
    .map(([id]) => id)
  return own
}

/** The customer's earlier products scored by orders × 0.5^(days since last / half-life): own purchases and the repeat blend. */
function ownScores(history: CustomerHistories, customer: string, at: Date, halfLifeDays: number): Map<string, number> {
  const scores = new Map<string, number>()
  const r = history.get(customer)
  if (!r) return scores
  for (const [id, p] of r.products) {
    const days = (at.getTime() - p.last.getTime()) / 86_400_000
    scores.set(id, p.orders * (Number.isFinite(halfLifeDays) ? Math.pow(0.5, days / halfLifeDays) : 1))
  }
  return scores
}

export interface MethodTotals {
  sums: Record<Metric, number>
  n: number
  /** Per customer: metric sums and events, for the paired bootstrap. */
  byCustomer: Map<string, { sums: Record<Metric, number>; n: number }>
  recommended: Set<string>
  /** Sum over events of the distinct categories in the list (÷ n: categories per list, the diversity measure). */
  categories: number
}

export interface ReplayResult {
  totals: Map<MethodName, MethodTotals>
  strategyMix: Record<string, { chosen: Record<Strategy, number>; explored: number; decisions: number }>
  agents: Record<string, ReplayAgent>
  events: number
  customers: number
}

function emptySums(): Record<Metric, number> {
  return Object.fromEntries(METRICS.map((m) => [m, 0])) as Record<Metric, number>
}

function emptyTotals(): MethodTotals {
  return { sums: emptySums(), n: 0, byCustomer: new Map(), recommended: new Set(), categories: 0 }
}

export interface ReplayOptions {
  /** Baskets before `testStart` train the agents; later ones are scored. */
  testStart: Date
  /** Baskets from this date on are ignored (tuning scores only its holdout). */
  testEnd?: Date | null
  seed: number
  /** Default `cart`; `product` scores product pages (protocol.ts). */
  placement?: EvalPlacement
  k: number
  quantityCap: number
  methods: readonly MethodName[]
  /** Scored events' per-strategy hits by segment (the report's "where the strategies win"). */
  segments?: SegmentTally
  onEvent?: () => void
}

const AGENT_METHODS = ["q_agent", "bandit", "q_agent_no_prior"] as const

/**
 * One replay of all baskets for one seed. Fit-period events only train the
 * agents; test events are scored by every method, then the agents learn from them.
 */
export function replay(data: EvalDataset, models: FittedModels, config: MethodConfig, opts: ReplayOptions): ReplayResult {
  const { index } = models
  const k = opts.k
  const cards = new Map(models.catalog.map((c) => [c.id, c]))
  const categoryOf = (id: string) => cards.get(id)?.category_ids[0]
  const rng: Rng = createRng(opts.seed * 7919 + 17)
  const want = new Set(opts.methods)
  const totals = new Map<MethodName, MethodTotals>(opts.methods.map((m) => [m, emptyTotals()]))
  const agents: Record<string, ReplayAgent> = {}
  const mix: ReplayResult["strategyMix"] = {}
  for (const m of AGENT_METHODS) {
    if (!want.has(m)) continue
    agents[m] = new ReplayAgent(
      {
        ...config.agent,
        gamma: m === "bandit" ? 0 : config.agent.gamma,
        prior: m === "q_agent_no_prior" ? false : config.agent.prior,
      },
      // the shipped model's training days (the store's Overview shows them)
      m === "q_agent" ? new ConvergenceRecorder() : undefined
    )
    mix[m] = { chosen: Object.fromEntries(STRATEGIES.map((s) => [s, 0])) as Record<Strategy, number>, explored: 0, decisions: 0 }
  }
  const history = new CustomerHistories()
  const customers = new Set<string>()
  let scored = 0

  let bought: ReadonlyMap<string, unknown> | undefined
  const record = (m: MethodName, customer: string, list: string[], ev: TaskEvent): EventScore => {
    const s = scoreList(list, ev.hidden, k, opts.quantityCap, bought)
    const t = totals.get(m)!
    const c = t.byCustomer.get(customer) ?? { sums: emptySums(), n: 0 }
    for (const metric of METRICS) {
      t.sums[metric] += s[metric]
      c.sums[metric] += s[metric]
    }
    t.n++
    c.n++
    t.byCustomer.set(customer, c)
    for (const id of list) t.recommended.add(id)
    t.categories += new Set(list.slice(0, k).map(categoryOf)).size
    return s
  }
  const rewardOf = (s: EventScore) =>
    s.hit ? config.rewards.conversion + revenueReward(s.revenue, config.rewards) : config.rewards.abandonment

  const placement = opts.placement ?? "cart"
  // the page's product weighs as the store weighs it against a cart (here there is none)
  const seedWeight = placement === "product" ? DEFAULT_ANCHOR_WEIGHT : 1
  const events = makeEvents(data.baskets, opts.seed, placement)
  let e = 0
  for (const basket of data.baskets) {
    if (opts.testEnd && basket.date >= opts.testEnd) break
    const ev = events[e]?.basket === basket ? events[e++] : null
    const isTest = basket.date >= opts.testStart
    // before the test, only the agents have anything to do with an event
    if (ev && (isTest || Object.keys(agents).length)) {
      const customer = basket.customer
      const exclude = new Set(ev.revealed)
      const { ctx, categories } = eventState(ev, history, categoryOf, placement)
      const key = Object.keys(agents).length ? stateKey(ctx, models.stateModel) : ""
      const top = history.topProducts(customer)
      // what the customer bought before: a hidden product among them is a repeat (the next-basket "reality check")
      bought = history.get(customer)?.products
      // the shared relevance (personalAffinity: cart co-purchases, history co-purchases, top history),
      // accumulated once per event on the dense scorer; every strategy but popular ranks its own set by it
      let relevanceReady = false
      const relevance = {
        top: (n: number, ex: ReadonlySet<string>, keep?: (id: string) => boolean) => {
          const sc = models.storeScorer
          if (!relevanceReady) {
            const w = config.historyWeight
            sc.reset()
            sc.addRelated(ev.revealed, seedWeight)
            sc.addRelated(top, w)
            top.forEach((id, rank) => sc.add(id, w / (rank + 1)))
            relevanceReady = true
          }
          return sc.top(n, ex, keep)
        },
      }
      // each strategy's list is computed once per event, whoever asks for it
      const lists = new Map<Strategy, string[]>()
      const strategyList = (s: Strategy) => {
        let list = lists.get(s)
        if (!list) {
          const pool = config.maxPerCategory ? k * DIVERSITY_POOL_FACTOR : k
          list = index.rank(s, { exclude, categories, relevance }, pool)
          if (config.maxPerCategory) list = capPerCategory(list, categoryOf, config.maxPerCategory, k)
          lists.set(s, list)
        }
        return list
      }

      if (isTest) {
        scored++
        customers.add(customer)
        if (want.has("random_item")) {
          const pick: string[] = []
          while (pick.length < k) {
            const c = models.catalog[Math.floor(rng() * models.catalog.length)].id
            if (!exclude.has(c) && !pick.includes(c)) pick.push(c)
          }
          record("random_item", customer, pick, ev)
        }
        if (want.has("random_strategy")) {
          record("random_strategy", customer, strategyList(STRATEGIES[Math.floor(rng() * STRATEGIES.length)]), ev)
        }
        if (want.has("global_popularity")) record("global_popularity", customer, takeFrom(models.popularList, exclude, k), ev)
        if (want.has("country_popularity")) {
          const list = models.countryLists.get(basket.country ?? "unknown") ?? models.popularList
          record("country_popularity", customer, takeFrom(list, exclude, k), ev)
        }
        if (want.has("own_purchases")) {
          const scores = ownScores(history, customer, basket.date, config.ownHalfLifeDays)
          record("own_purchases", customer, takeFrom(models.popularList, exclude, k, rankScores(scores, exclude, k, index)), ev)
        }
        let knnList: string[] | null = null
        const knnTop = () => {
          if (!knnList) {
            const sc = models.knnScorer
            sc.reset()
            sc.addRelated(ev.revealed)
            knnList = sc.top(k, exclude)
          }
          return knnList
        }
        if (want.has("item_knn")) record("item_knn", customer, takeFrom(models.popularList, exclude, k, [...knnTop()]), ev)
        // beyond what a model scores (EASE fits the most-bought products only): kNN, then popularity
        const filled = (own: string[]) => takeFrom(models.popularList, exclude, k, takeFrom(knnTop(), exclude, k, own))
        if (want.has("ease") || want.has("ease_repeat")) {
          const sc = models.easeScorer
          if (want.has("ease")) {
            sc.reset()
            sc.addRelated(ev.revealed)
            record("ease", customer, filled(sc.top(k, exclude)), ev)
          }
          if (want.has("ease_repeat")) {
            sc.reset()
            sc.addRelated(ev.revealed)
            // the customer's own products by orders × recency, scaled so the strongest is worth `repeatWeight`
            const own = ownScores(history, customer, basket.date, config.ownHalfLifeDays)
            const max = Math.max(0, ...own.values())
            if (max > 0) for (const [id, v] of own) sc.add(id, (config.repeatWeight * v) / max)
            record("ease_repeat", customer, filled(sc.top(k, exclude)), ev)
          }
        }
        if (want.has("session_knn") && models.sknn) {
          const sc = models.sknnScorer
          sc.reset()
          models.sknn.score(ev.revealed, (i, v) => sc.bump(i, v)) // both index the popular list
          record("session_knn", customer, filled(sc.top(k, exclude)), ev)
        }
        if (want.has("rp3beta")) {
          const sc = models.rp3Scorer
          sc.reset()
          sc.addRelated(ev.revealed)
          record("rp3beta", customer, filled(sc.top(k, exclude)), ev)
        }
        for (const s of STRATEGIES) {
          if (want.has(`fixed:${s}`)) record(`fixed:${s}`, customer, strategyList(s), ev)
        }
        if (want.has("oracle_strategy")) {
          // the strategy that would have done best on this very event: the ceiling of any strategy choice
          let best = strategyList(STRATEGIES[0])
          let bestScore = scoreList(best, ev.hidden, k, opts.quantityCap)
          for (const s of STRATEGIES.slice(1)) {
            const list = strategyList(s)
            const sc = scoreList(list, ev.hidden, k, opts.quantityCap)
            if (sc.hit > bestScore.hit || (sc.hit === bestScore.hit && sc.revenue > bestScore.revenue)) {
              best = list
              bestScore = sc
            }
          }
          record("oracle_strategy", customer, best, ev)
        }
        if (opts.segments) {
          const hits = Object.fromEntries(
            STRATEGIES.map((s) => [s, scoreList(strategyList(s), ev.hidden, k, opts.quantityCap).hit])
          ) as Record<Strategy, number>
          opts.segments.add(segmentValues(ev, history, categoryOf), hits)
        }
      }
      for (const m of AGENT_METHODS) {
        const agent = agents[m]
        if (!agent) continue
        const at = basket.date.getTime()
        const choice = agent.act(customer, key, at, rng)
        const list = strategyList(choice.strategy)
        const score = isTest ? record(m, customer, list, ev) : scoreList(list, ev.hidden, k, opts.quantityCap)
        if (isTest) {
          mix[m].chosen[choice.strategy]++
          mix[m].decisions++
          if (choice.explored) mix[m].explored++
        }
        agent.reward(customer, key, choice.strategy, rewardOf(score), at)
      }
      opts.onEvent?.()
    }
    history.add(basket)
  }
  for (const a of Object.values(agents)) a.flush()
  return { totals, strategyMix: mix, agents, events: scored, customers: customers.size }
}
