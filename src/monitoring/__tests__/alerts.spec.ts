import { describe, expect, it } from "vitest"
import {
  ALERT_KINDS,
  DEFAULT_ALERT_THRESHOLDS,
  describeAlert,
  evaluateAlerts,
  thresholdOf,
  type AlertReadings,
  type FiringAlert,
} from "../alerts"
import { memoryRatio } from "../latency"

const T = DEFAULT_ALERT_THRESHOLDS

/** Runs checks one after another, keeping the open alerts as the store would; returns each check's raises and resolves. */
function run(sequence: AlertReadings[], resolveAfter = 3, thresholds = T) {
  let open: FiringAlert[] = []
  const events: string[][] = []
  for (const readings of sequence) {
    const ts = evaluateAlerts(open, readings, thresholds, resolveAfter)
    const step: string[] = []
    for (const t of ts) {
      if (t.action === "raise") {
        open.push({ kind: t.kind, clear_checks: 0, peak: t.value })
        step.push(`raise ${t.kind}`)
      } else if (t.action === "resolve") {
        open = open.filter((o) => o.kind !== t.kind)
        step.push(`resolve ${t.kind}`)
      } else if (t.action === "hold") {
        open = open.map((o) => (o.kind === t.kind ? { ...o, clear_checks: 0, peak: t.peak } : o))
      } else {
        open = open.map((o) => (o.kind === t.kind ? { ...o, clear_checks: t.clear_checks } : o))
      }
    }
    events.push(step)
  }
  return { events, open }
}

describe("alert thresholds", () => {
  it("defaults to the original design's Annex C values", () => {
    expect(T).toEqual({ qTableGrowthPerHour: 1000, latencyP95Ms: 200, errorRate: 0.05, memoryRatio: 0.85, failedJobs: 0, outboxAgeSeconds: 300 })
    expect(ALERT_KINDS.map((k) => thresholdOf(k, T))).toEqual([1000, 200, 0.05, 0.85, 0, 300, 0, 0])
  })
})

describe("evaluateAlerts", () => {
  const slow = { latency_p95: { value: 350 } }
  const fast = { latency_p95: { value: 40 } }

  it("raises once while the reading stays above, and resolves once after the clear checks", () => {
    const { events, open } = run([slow, slow, slow, fast, fast, fast, fast])
    expect(events).toEqual([["raise latency_p95"], [], [], [], [], ["resolve latency_p95"], []])
    expect(open).toEqual([])
  })

  it("starts the clear count again when the reading crosses back (no storm from a flapping route)", () => {
    const { events } = run([slow, fast, fast, slow, fast, fast, slow, fast, fast, fast])
    expect(events.flat()).toEqual(["raise latency_p95", "resolve latency_p95"])
    expect(events[9]).toEqual(["resolve latency_p95"])
  })

  it("keeps the peak while firing", () => {
    const ts = evaluateAlerts([{ kind: "latency_p95", clear_checks: 2, peak: 300 }], { latency_p95: { value: 250 } }, T, 3)
    expect(ts).toEqual([{ kind: "latency_p95", action: "hold", value: 250, peak: 300 }])
  })

  it("fires only above the threshold: equal is within", () => {
    expect(evaluateAlerts([], { error_rate: { value: 0.05 }, failed_jobs: { value: 0 } }, T, 1)).toEqual([])
    expect(evaluateAlerts([], { failed_jobs: { value: 1 } }, T, 1)).toEqual([{ kind: "failed_jobs", action: "raise", value: 1, threshold: 0, detail: undefined }])
  })

  it("leaves an unmeasured kind as it is, and counts a null reading (too few requests) as clear", () => {
    const open: FiringAlert[] = [
      { kind: "failed_jobs", clear_checks: 0, peak: 3 },
      { kind: "latency_p95", clear_checks: 0, peak: 400 },
    ]
    const ts = evaluateAlerts(open, { latency_p95: { value: null } }, T, 1)
    expect(ts).toEqual([{ kind: "latency_p95", action: "resolve", value: null }])
  })

  it("resolves a firing alert whose threshold was turned off, and never raises one that is off", () => {
    const off = { ...T, latencyP95Ms: null }
    expect(evaluateAlerts([{ kind: "latency_p95", clear_checks: 0, peak: 300 }], slow, off, 3)).toEqual([{ kind: "latency_p95", action: "resolve", value: null }])
    expect(evaluateAlerts([], slow, off, 3)).toEqual([])
  })

  it("raises an unreachable service at any reading above 0", () => {
    const { events } = run([{ redis_unreachable: { value: 1 } }, { redis_unreachable: { value: 0 } }], 1)
    expect(events).toEqual([["raise redis_unreachable"], ["resolve redis_unreachable"]])
  })
})

describe("describeAlert", () => {
  it("says what crossed which threshold and what to do, and the resolve says where it is now", () => {
    expect(describeAlert("latency_p95", "raised", 412, 200)).toEqual({
      title: "Recommendations slow",
      description: expect.stringMatching(/^p95 412 ms \(threshold p95 200 ms\)\. Check the database/),
    })
    expect(describeAlert("error_rate", "raised", 0.0625, 0.05).description).toMatch(/^6\.3% \(threshold 5\.0%\)/)
    expect(describeAlert("redis_unreachable", "raised", 1, 0).description).toMatch(/^not answering\. Reward jobs go to the Postgres outbox/)
    expect(describeAlert("failed_jobs", "resolved", 0, 0)).toEqual({ title: "Resolved: Reward jobs failed", description: "Back within its threshold (now 0 failed reward jobs)." })
  })
})

describe("memoryRatio", () => {
  it("is the larger of the heap against its limit and resident memory against what the process may use", () => {
    expect(memoryRatio({ heapUsed: 300, heapLimit: 1000, rss: 900, available: 1800 })).toBe(0.5)
    expect(memoryRatio({ heapUsed: 900, heapLimit: 1000, rss: 900, available: 10_000 })).toBe(0.9)
    const now = memoryRatio()
    expect(now).toBeGreaterThan(0)
    expect(now).toBeLessThan(1)
  })
})
