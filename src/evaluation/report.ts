/**
 * Renders an evaluation report as Markdown and as an SVG bar chart.
 */
import { STRATEGIES } from "../learning/strategies"
import { METRICS, METRIC_LABELS, type Metric } from "./metrics"
import type { EvaluationReport, MethodRow, PlacementReport } from "./run"

const fmt = (m: Metric, v: number) => (m === "revenue" ? v.toFixed(2) : v.toFixed(4))
const pct = (v: number) => `${(v * 100).toFixed(1)}%`
const signed = (m: Metric, v: number) => (v >= 0 ? "+" : "") + fmt(m, v)

/** The same methods on a placement of their own (product pages), beside the cart task above. */
function renderPlacement(lines: string[], r: EvaluationReport, pl: PlacementReport) {
  const cartAgent = r.methods.find((m) => m.method === "q_agent")!
  const agent = pl.methods.find((m) => m.method === "q_agent")!
  const cmp = (b: string, m: Metric) => pl.comparisons.find((c) => c.baseline === b && c.metric === m)?.result
  lines.push(
    "## Product pages",
    "",
    `The same test baskets as product pages: each basket's first revealed product is the page's product, there is no cart, and the ` +
      `rest of the basket is hidden (${pl.test_events_per_seed.toLocaleString("en")} events per seed, the same seeds). The agents train on the ` +
      `fit period's product pages the same way, in states of their own (\`pl:product\`: ${pl.q_table.states.toLocaleString("en")} in the saved model). ` +
      `The agent's HitRate@10 here is ${fmt("hit", agent.metrics.hit)} (on carts ${fmt("hit", cartAgent.metrics.hit)}).`,
    "",
    `| method | ${METRICS.map((m) => METRIC_LABELS[m]).join(" | ")} | agent − method, HitRate@10 [95% CI] | agent − method, Revenue@10 [95% CI] |`,
    `| --- | ${METRICS.map(() => "---:").join(" | ")} | --- | --- |`
  )
  const ci = (m: Metric, c: ReturnType<typeof cmp>) =>
    c ? `${signed(m, c.diff)} [${signed(m, c.lo)}, ${signed(m, c.hi)}]${c.lo > 0 ? " ▲" : c.hi < 0 ? " ▼" : ""}` : ""
  for (const m of pl.methods) {
    const name = m.method === "q_agent" ? `**${m.label}**` : m.label
    lines.push(`| ${name} | ${METRICS.map((x) => fmt(x, m.metrics[x])).join(" | ")} | ${ci("hit", cmp(m.method, "hit"))} | ${ci("revenue", cmp(m.method, "revenue"))} |`)
  }
  lines.push("", `| agent | ${STRATEGIES.join(" | ")} | explored |`, `| --- | ${STRATEGIES.map(() => "---:").join(" | ")} | ---: |`)
  for (const [m, x] of Object.entries(pl.strategy_mix)) {
    const label = pl.methods.find((row) => row.method === m)?.label ?? m
    lines.push(`| ${label} | ${STRATEGIES.map((s) => pct(x.share[s])).join(" | ")} | ${pct(x.explored)} |`)
  }
  lines.push("")
}

export function renderMarkdown(r: EvaluationReport): string {
  const p = r.protocol
  const lines: string[] = []
  const agent = r.methods.find((m) => m.method === "q_agent")!
  lines.push(
    "# Offline evaluation on Online Retail",
    "",
    `Generated ${r.generated_at} from \`${r.file}\` by \`npm run evaluate\`. Protocol: [docs/evaluation.md](../docs/evaluation.md).`,
    "These are **hit rates on held-out purchases** (basket completion), not conversion or click-through:",
    "the data has purchases only.",
    "",
    "## Verdict",
    ""
  )
  for (const t of r.targets) lines.push(`- ${t.met ? "✅" : "❌"} The Q-learning agent ${t.claim}.`)
  const best = r.methods.find((m) => m.method === "best_fixed")!
  const knn = r.methods.find((m) => m.method === "item_knn")!
  const bestNamed = `fixed:${r.best_fixed}`
  const cmp = (b: string, m: Metric) => r.comparisons.find((c) => c.baseline === b && c.metric === m)!.result
  lines.push(
    "",
    `The agent's HitRate@10 is ${fmt("hit", agent.metrics.hit)} against ${fmt("hit", best.metrics.hit)} for the best fixed strategy ` +
      `(${r.best_fixed}; difference ${signed("hit", cmp(bestNamed, "hit").diff)}, 95% CI ${signed("hit", cmp(bestNamed, "hit").lo)} … ${signed("hit", cmp(bestNamed, "hit").hi)}) ` +
      `and ${fmt("hit", knn.metrics.hit)} for item-kNN (${signed("hit", cmp("item_knn", "hit").diff)}, CI ${signed("hit", cmp("item_knn", "hit").lo)} … ${signed("hit", cmp("item_knn", "hit").hi)}).`,
    "",
    "## Results",
    "",
    `K = ${p.k}; seeds ${p.seeds.join(", ")}; ${p.test_events_per_seed.toLocaleString("en")} test events per seed ` +
      `(${(p.test_events_per_seed * p.seeds.length).toLocaleString("en")} scored per method) from ${p.test_customers.toLocaleString("en")} customers; ` +
      `catalogue ${p.catalogue.toLocaleString("en")} products; Revenue@10 caps quantities at ${p.quantity_cap} (99.9th percentile of fit-period lines).`,
    "",
    `| method | ${METRICS.map((m) => METRIC_LABELS[m]).join(" | ")} | coverage | categories per list | n |`,
    `| --- | ${METRICS.map(() => "---:").join(" | ")} | ---: | ---: | ---: |`
  )
  for (const m of r.methods) {
    const name = m.method === "q_agent" ? `**${m.label}**` : m.label
    lines.push(`| ${name} | ${METRICS.map((x) => fmt(x, m.metrics[x])).join(" | ")} | ${pct(m.coverage)} | ${m.categories_per_list.toFixed(2)} | ${m.events.toLocaleString("en")} |`)
  }
  lines.push("", "![metrics](evaluation.svg)", "", "## The agent against each baseline", "")
  lines.push(
    `Paired bootstrap over customers (${p.bootstrap_resamples.toLocaleString("en")} resamples): agent − baseline per event, 95% CI.`,
    "",
    `| baseline | ${METRICS.map((m) => METRIC_LABELS[m]).join(" | ")} |`,
    `| --- | ${METRICS.map(() => "---").join(" | ")} |`
  )
  const baselines = [...new Set(r.comparisons.map((c) => c.baseline))]
  for (const b of baselines) {
    const label = r.methods.find((m) => m.method === b)?.label ?? b
    lines.push(
      `| ${label} | ${METRICS.map((m) => {
        const c = cmp(b, m)
        const mark = c.lo > 0 ? " ▲" : c.hi < 0 ? " ▼" : ""
        return `${signed(m, c.diff)} [${signed(m, c.lo)}, ${signed(m, c.hi)}]${mark}`
      }).join(" | ")} |`
    )
  }
  lines.push("", "▲ CI above zero (the agent is better), ▼ below zero (worse).", "", "## What the agents chose on the test period", "")
  lines.push(`| agent | ${STRATEGIES.join(" | ")} | explored |`, `| --- | ${STRATEGIES.map(() => "---:").join(" | ")} | ---: |`)
  for (const [m, x] of Object.entries(r.agent.strategy_mix)) {
    const label = r.methods.find((row) => row.method === m)?.label ?? m
    lines.push(`| ${label} | ${STRATEGIES.map((s) => pct(x.share[s])).join(" | ")} | ${pct(x.explored)} |`)
  }
  lines.push(
    "",
    `The saved model (seed 1, after the whole replay): ${r.agent.q_table.states.toLocaleString("en")} states, ${r.agent.q_table.entries.toLocaleString("en")} Q entries.`,
    ""
  )
  for (const pl of r.placements ?? []) renderPlacement(lines, r, pl)
  lines.push(
    "## Tuning (on the fit period's last two months, never on test)",
    ""
  )
  for (const t of r.tuning) {
    lines.push(`- ${t.what}: ${t.candidates.map((c) => `${c.config} → ${fmt("hit", c.hit)}`).join("; ")}. **Chosen: ${t.chosen}.**`)
  }
  const seg = r.segments
  lines.push(
    "",
    "## Where the strategies win (tuning holdout, seed 1)",
    "",
    "Each strategy's validation HitRate@10 within segments of the features a state could add. A feature helps the agent " +
      "only where some strategy beats the others in one of its segments; the oracle column is the per-event best, chosen after seeing the event.",
    "",
    `| feature | segment | events | ${STRATEGIES.join(" | ")} | oracle |`,
    `| --- | --- | ---: | ${STRATEGIES.map(() => "---:").join(" | ")} | ---: |`
  )
  for (const row of seg.rows) {
    const top = Math.max(...STRATEGIES.map((s) => row.hit[s]))
    const cells = STRATEGIES.map((s) => (row.hit[s] === top ? `**${fmt("hit", row.hit[s])}**` : fmt("hit", row.hit[s])))
    lines.push(`| ${row.label} | ${row.range} | ${row.events.toLocaleString("en")} | ${cells.join(" | ")} | ${fmt("hit", row.oracle)} |`)
  }
  lines.push(
    "",
    seg.lead
      ? `Best strategy overall on the holdout: ${seg.reference}. The largest lead of any other strategy over it in a segment of ≥ 100 events: ` +
          `${seg.lead.strategy} by ${signed("hit", seg.lead.lead)} (${seg.lead.feature}, ${seg.lead.range}).`
      : `Best strategy overall on the holdout: ${seg.reference}; no segment has 100 events.`
  )
  const c = r.cleaning
  lines.push(
    "",
    "## Data",
    "",
    `${c.lines.toLocaleString("en")} lines read; dropped: ${c.cancellationLines.toLocaleString("en")} cancellation lines and the ${c.reversedPurchases.toLocaleString("en")} purchases they reverse ` +
      `(${c.unmatchedCancellations.toLocaleString("en")} cancellations had none), ${c.noCustomer.toLocaleString("en")} lines without CustomerID, ` +
      `${c.nonProductCode.toLocaleString("en")} non-product codes, ${c.nonPositiveQuantity.toLocaleString("en")} with quantity ≤ 0, ${c.nonPositivePrice.toLocaleString("en")} with unit price ≤ 0; ` +
      `${c.mergedRepeats.toLocaleString("en")} repeated lines merged. Kept ${c.keptLines.toLocaleString("en")} lines in ${c.baskets.toLocaleString("en")} baskets of ` +
      `${c.customers.toLocaleString("en")} customers over ${c.products.toLocaleString("en")} products.`,
    "",
    `Fit: ${p.fit} (${p.fit_baskets.toLocaleString("en")} baskets). Test: ${p.test} (${p.test_baskets.toLocaleString("en")} baskets). Tuning: ${p.tune}.`,
    "",
    "## Time",
    "",
    `Load ${r.timing.load_s.toFixed(1)} s, tuning ${r.timing.tune_s.toFixed(1)} s, training and evaluation of all methods over ${p.seeds.length} seeds ${r.timing.evaluate_s.toFixed(1)} s: **${r.timing.total_s.toFixed(1)} s in all** on this machine.`,
    ""
  )
  return lines.join("\n")
}

/** Grouped horizontal bars: HitRate, Recall and NDCG per method (one scale, 0..1). */
export function renderSvg(r: EvaluationReport): string {
  const rows: MethodRow[] = r.methods
  const metrics: Metric[] = ["hit", "recall", "ndcg"]
  const colors: Record<string, string> = { hit: "#2563eb", recall: "#16a34a", ndcg: "#f59e0b" }
  const labelW = 300
  const barW = 460
  const rowH = 34
  const top = 40
  const height = top + rows.length * rowH + 30
  const width = labelW + barW + 80
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;")
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">Basket completion on Online Retail (test: ${esc(r.protocol.test)}), K = ${r.protocol.k}</text>`,
  ]
  metrics.forEach((m, i) => {
    parts.push(`<rect x="${labelW + i * 110}" y="28" width="10" height="10" fill="${colors[m]}"/>`)
    parts.push(`<text x="${labelW + i * 110 + 14}" y="37">${METRIC_LABELS[m]}</text>`)
  })
  rows.forEach((row, i) => {
    const y = top + i * rowH + 6
    const bold = row.method === "q_agent" ? ` font-weight="bold"` : ""
    parts.push(`<text x="${labelW - 8}" y="${y + 16}" text-anchor="end"${bold}>${esc(row.label)}</text>`)
    metrics.forEach((m, j) => {
      const w = Math.max(0.5, row.metrics[m] * barW)
      parts.push(`<rect x="${labelW}" y="${y + j * 9}" width="${w.toFixed(1)}" height="8" fill="${colors[m]}"/>`)
      if (m === "hit") parts.push(`<text x="${labelW + w + 4}" y="${y + 8}" font-size="10">${row.metrics[m].toFixed(3)}</text>`)
    })
  })
  parts.push(`<line x1="${labelW}" y1="${top}" x2="${labelW}" y2="${height - 24}" stroke="#999"/>`)
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<text x="${labelW + t * barW}" y="${height - 8}" text-anchor="middle" font-size="10">${t}</text>`)
  }
  parts.push("</svg>")
  return parts.join("\n")
}
