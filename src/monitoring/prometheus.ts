/**
 * The Prometheus text exposition format (version 0.0.4): what the plugin's
 * metrics route answers. Plain TypeScript.
 */
import type { LatencyHistogram } from "./latency"

export type Labels = Record<string, string | number>

export type MetricFamily =
  | { name: string; help: string; type: "counter" | "gauge"; samples: Array<{ labels?: Labels; value: number }> }
  | { name: string; help: string; type: "histogram"; series: Array<{ labels?: Labels; histogram: LatencyHistogram }> }

const escapeLabel = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"')
const escapeHelp = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")

function labelText(labels: Labels | undefined, extra?: Labels): string {
  const all = { ...(labels ?? {}), ...(extra ?? {}) }
  const parts = Object.entries(all).map(([k, v]) => `${k}="${escapeLabel(String(v))}"`)
  return parts.length ? `{${parts.join(",")}}` : ""
}

const number = (v: number) => (Number.isFinite(v) ? String(v) : v > 0 ? "+Inf" : v < 0 ? "-Inf" : "NaN")

export function renderPrometheus(families: readonly MetricFamily[]): string {
  const lines: string[] = []
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`)
    if (f.type === "histogram") {
      for (const { labels, histogram } of f.series) {
        for (const b of histogram.cumulative()) lines.push(`${f.name}_bucket${labelText(labels, { le: b.le })} ${b.count}`)
        lines.push(`${f.name}_sum${labelText(labels)} ${number(histogram.sum)}`, `${f.name}_count${labelText(labels)} ${histogram.count}`)
      }
    } else {
      for (const s of f.samples) lines.push(`${f.name}${labelText(s.labels)} ${number(s.value)}`)
    }
  }
  return lines.join("\n") + "\n"
}
