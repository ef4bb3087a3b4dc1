/**
 * A request latency histogram with fixed buckets (Prometheus' cumulative
 * `le` buckets), and the quantiles read back from it: what a process keeps
 * of its recommendation route, in constant memory whatever the traffic.
 * Plain TypeScript (no Medusa imports).
 */
import { totalmem } from "os"
import { getHeapStatistics } from "v8"

/** Upper bounds in seconds: fine where the route lives (10–200 ms), coarse beyond. */
export const LATENCY_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 2.5, 5, 10] as const

export class LatencyHistogram {
  /** counts[i]: observations ≤ LATENCY_BUCKETS_S[i] and above the bound before; the last is +Inf. */
  readonly counts = new Array<number>(LATENCY_BUCKETS_S.length + 1).fill(0)
  count = 0
  sum = 0

  observe(seconds: number): void {
    let i = 0
    while (i < LATENCY_BUCKETS_S.length && seconds > LATENCY_BUCKETS_S[i]) i++
    this.counts[i]++
    this.count++
    this.sum += seconds
  }

  /** The cumulative counts per bound, +Inf last, as Prometheus exposes them. */
  cumulative(): Array<{ le: string; count: number }> {
    let running = 0
    return this.counts.map((c, i) => {
      running += c
      return { le: i < LATENCY_BUCKETS_S.length ? String(LATENCY_BUCKETS_S[i]) : "+Inf", count: running }
    })
  }

  /**
   * The q-quantile in seconds, interpolated within its bucket (as Prometheus'
   * histogram_quantile); null when empty. Beyond the last bound: that bound.
   */
  quantile(q: number): number | null {
    if (!this.count) return null
    const rank = q * this.count
    let below = 0
    for (let i = 0; i < this.counts.length; i++) {
      const c = this.counts[i]
      if (below + c >= rank && c > 0) {
        if (i === LATENCY_BUCKETS_S.length) return LATENCY_BUCKETS_S[i - 1]
        const lower = i === 0 ? 0 : LATENCY_BUCKETS_S[i - 1]
        return lower + (LATENCY_BUCKETS_S[i] - lower) * ((rank - below) / c)
      }
      below += c
    }
    return LATENCY_BUCKETS_S[LATENCY_BUCKETS_S.length - 1]
  }

  merge(other: LatencyHistogram): void {
    other.counts.forEach((c, i) => (this.counts[i] += c))
    this.count += other.count
    this.sum += other.sum
  }
}

/**
 * The share of its memory a process uses: the larger of its V8 heap against
 * the heap's limit (what a Node process dies of) and its resident memory
 * against the memory it may use (a container's limit, else the machine's).
 */
export function memoryRatio(
  m: { heapUsed: number; heapLimit: number; rss: number; available: number } = currentMemory()
): number {
  return Math.max(m.heapLimit > 0 ? m.heapUsed / m.heapLimit : 0, m.available > 0 ? m.rss / m.available : 0)
}

function currentMemory() {
  const u = process.memoryUsage()
  // a container's limit when there is one (Node reports a huge number when there is none)
  const constrained = (process as { constrainedMemory?: () => number | undefined }).constrainedMemory?.() || Infinity
  return { heapUsed: u.heapUsed, heapLimit: getHeapStatistics().heap_size_limit, rss: u.rss, available: Math.min(constrained, totalmem()) }
}
