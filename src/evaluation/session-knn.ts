/**
 * Session-kNN (Jannach & Ludewig 2017, the "SKNN" of their session-based
 * benchmarks): the cart is a session; the fit baskets that share most with
 * it are its neighbours; a product scores the summed similarity of the
 * neighbours holding it. Baskets are sets here (no order within an
 * invoice), so it is the plain cosine variant without position weights.
 */
export interface SessionKnnOptions {
  /** Neighbour baskets a cart is scored from. */
  neighbours: number
  /** Only the most recent baskets holding each cart product are compared (the method's sampling). */
  sample: number
  /** Baskets with more distinct products are not neighbours (wholesale restocks). */
  maxBasketProducts: number
}

export class SessionKnn {
  protected readonly index = new Map<string, number>()
  /** Basket → product indices; product → basket indices, oldest first. */
  protected readonly baskets: Int32Array[] = []
  protected readonly byProduct: number[][]

  constructor(
    protected readonly ids: readonly string[],
    fitBaskets: Iterable<readonly string[]>,
    protected readonly options: SessionKnnOptions
  ) {
    ids.forEach((id, i) => this.index.set(id, i))
    this.byProduct = ids.map(() => [])
    for (const basket of fitBaskets) {
      const members = [...new Set(basket)].map((p) => this.index.get(p)).filter((i): i is number => i !== undefined)
      if (members.length < 2 || members.length > options.maxBasketProducts) continue
      const b = this.baskets.length
      this.baskets.push(Int32Array.from(members))
      for (const i of members) this.byProduct[i].push(b)
    }
  }

  // per-basket overlap counts, reused across calls (cleared through `touched`)
  protected overlap: Int32Array | null = null
  protected touched: Int32Array | null = null
  protected sims: Float64Array | null = null

  /**
   * Adds each product's score for the cart to `add`, by its position in `ids`
   * (the cart's own products included: the caller excludes them).
   */
  score(cart: readonly string[], add: (i: number, v: number) => void): void {
    const seeds = [...new Set(cart)].map((p) => this.index.get(p)).filter((i): i is number => i !== undefined)
    if (!seeds.length) return
    const overlap = (this.overlap ??= new Int32Array(this.baskets.length))
    const touched = (this.touched ??= new Int32Array(this.baskets.length))
    let nTouched = 0
    // the `sample` most recent baskets holding each cart product
    for (const s of seeds) {
      const list = this.byProduct[s]
      for (let j = list.length - 1, n = 0; j >= 0 && n < this.options.sample; j--, n++) {
        const b = list[j]
        if (!overlap[b]++) touched[nTouched++] = b
      }
    }
    // the most similar `neighbours` of them: the k-th largest similarity by selection (linear), then
    // every basket above it and, of those at it, the most recent
    const k = this.options.neighbours
    const sims = (this.sims = this.sims && this.sims.length >= nTouched ? this.sims : new Float64Array(this.baskets.length))
    const norm = Math.sqrt(seeds.length)
    for (let t = 0; t < nTouched; t++) {
      const b = touched[t]
      sims[t] = overlap[b] / (norm * Math.sqrt(this.baskets[b].length))
      overlap[b] = 0
    }
    const threshold = nTouched > k ? kthLargest(sims.slice(0, nTouched), k) : -Infinity
    let room = k
    for (let t = 0; t < nTouched; t++) if (sims[t] > threshold) room--
    // of the baskets at the threshold, the `room` most recent (basket indices are in time order, and unique)
    let tieCount = 0
    for (let t = 0; t < nTouched; t++) if (sims[t] === threshold) tieCount++
    let newestTie = -Infinity
    if (room > 0 && tieCount > room) {
      const tieBaskets = new Float64Array(tieCount)
      for (let t = 0, n = 0; t < nTouched; t++) if (sims[t] === threshold) tieBaskets[n++] = touched[t]
      newestTie = kthLargest(tieBaskets, room)
    }
    for (let t = 0; t < nTouched; t++) {
      if (!(sims[t] > threshold || (room > 0 && sims[t] === threshold && touched[t] >= newestTie))) continue
      const members = this.baskets[touched[t]]
      for (let j = 0; j < members.length; j++) add(members[j], sims[t])
    }
  }
}

/** The k-th largest value of `a` (1-based), reordering `a` (Hoare's selection). */
function kthLargest(a: Float64Array, k: number): number {
  let lo = 0
  let hi = a.length - 1
  const target = k - 1
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1]
    let i = lo
    let j = hi
    while (i <= j) {
      while (a[i] > pivot) i++
      while (a[j] < pivot) j--
      if (i <= j) {
        const t = a[i]
        a[i] = a[j]
        a[j] = t
        i++
        j--
      }
    }
    if (target <= j) hi = j
    else if (target >= i) lo = i
    else return a[target]
  }
  return a[target]
}
