import { describe, expect, it } from "vitest"
import { LatencyHistogram } from "../latency"
import { renderPrometheus } from "../prometheus"

describe("renderPrometheus", () => {
  it("writes counters, gauges and histograms in the text exposition format", () => {
    const h = new LatencyHistogram()
    h.observe(0.02)
    h.observe(3)
    const text = renderPrometheus([
      { name: "rl_decisions_total", help: "Decisions served.", type: "counter", samples: [{ labels: { strategy: "popular", explored: "false" }, value: 3 }] },
      { name: "rl_outbox_oldest_age_seconds", help: "Age of the oldest\\njob.", type: "gauge", samples: [{ value: Infinity }] },
      { name: "rl_request_duration_seconds", help: "Latency.", type: "histogram", series: [{ labels: { route: 'a"b' }, histogram: h }] },
    ])
    const lines = text.split("\n")
    expect(lines.slice(0, 3)).toEqual([
      "# HELP rl_decisions_total Decisions served.",
      "# TYPE rl_decisions_total counter",
      'rl_decisions_total{strategy="popular",explored="false"} 3',
    ])
    expect(text).toContain("# HELP rl_outbox_oldest_age_seconds Age of the oldest\\\\njob.")
    expect(text).toContain("rl_outbox_oldest_age_seconds +Inf")
    expect(text).toContain('rl_request_duration_seconds_bucket{route="a\\"b",le="0.025"} 1')
    expect(text).toContain('rl_request_duration_seconds_bucket{route="a\\"b",le="+Inf"} 2')
    expect(text).toContain('rl_request_duration_seconds_sum{route="a\\"b"} 3.02')
    expect(text).toContain('rl_request_duration_seconds_count{route="a\\"b"} 2')
    expect(text.endsWith("\n")).toBe(true)
  })
})
