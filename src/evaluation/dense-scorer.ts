/**
 * Co-purchase scoring over integer product indices and one reusable score
 * array: the replay's hot loop. Gives the same lists as `relatedScores` +
 * `personalAffinity` + ranking by (score desc, price asc, id asc), without a
 * Map or a full sort per event.
 */
import type { Related } from "../learning/co-purchase"

export class DenseScorer {
  protected readonly index = new Map<string, number>()
  protected readonly to: Int32Array[]
  protected readonly score: Float64Array[]
  protected readonly acc: Float64Array
  protected readonly mark: Uint8Array
  protected readonly touched: Int32Array
  protected nTouched = 0

  constructor(
    protected readonly ids: readonly string[],
    protected readonly amount: Float64Array,
    neighbours: ReadonlyMap<string, readonly Related[]>
  ) {
    ids.forEach((id, i) => this.index.set(id, i))
    this.to = ids.map((id) => Int32Array.from((neighbours.get(id) ?? []).filter((r) => this.index.has(r.productId)).map((r) => this.index.get(r.productId)!)))
    this.score = ids.map((id) => Float64Array.from((neighbours.get(id) ?? []).filter((r) => this.index.has(r.productId)).map((r) => r.score)))
    this.acc = new Float64Array(ids.length)
    this.mark = new Uint8Array(ids.length)
    this.touched = new Int32Array(ids.length)
  }

  reset(): void {
    for (let t = 0; t < this.nTouched; t++) {
      const i = this.touched[t]
      this.acc[i] = 0
      this.mark[i] = 0
    }
    this.nTouched = 0
  }

  /** Adds v to the product at position i of `ids`. */
  bump(i: number, v: number): void {
    if (!this.mark[i]) {
      this.mark[i] = 1
      this.touched[this.nTouched++] = i
    }
    this.acc[i] += v
  }

  /** Adds weight × the neighbours' scores of the seeds, the seeds themselves left out. */
  addRelated(seeds: readonly string[], weight = 1): void {
    const seedIdx = new Set<number>()
    for (const s of seeds) {
      const i = this.index.get(s)
      if (i !== undefined) seedIdx.add(i)
    }
    for (const a of seedIdx) {
      const to = this.to[a]
      const sc = this.score[a]
      for (let j = 0; j < to.length; j++) if (!seedIdx.has(to[j])) this.bump(to[j], weight * sc[j])
    }
  }

  add(id: string, v: number): void {
    const i = this.index.get(id)
    if (i !== undefined) this.bump(i, v)
  }

  /** The k best scored products (score > 0, not excluded, passing `keep`) by score, then price, then id. */
  top(k: number, exclude: ReadonlySet<string>, keep?: (id: string) => boolean): string[] {
    const best: number[] = []
    const better = (a: number, b: number) =>
      this.acc[a] > this.acc[b] ||
      (this.acc[a] === this.acc[b] &&
        (this.amount[a] < this.amount[b] || (this.amount[a] === this.amount[b] && this.ids[a].localeCompare(this.ids[b]) < 0)))
    for (let t = 0; t < this.nTouched; t++) {
      const i = this.touched[t]
      if (!(this.acc[i] > 0) || exclude.has(this.ids[i])) continue
      if (best.length === k && !better(i, best[k - 1])) continue
      if (keep && !keep(this.ids[i])) continue
      let p = best.length < k ? best.length : k - 1
      best[p] = i
      while (p > 0 && better(best[p], best[p - 1])) {
        ;[best[p], best[p - 1]] = [best[p - 1], best[p]]
        p--
      }
    }
    return best.map((i) => this.ids[i])
  }
}
