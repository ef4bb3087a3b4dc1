/**
 * The one cache shape the module uses for what it re-reads on every request
 * or job (the agent row, popularity, the history clock, the low price bands,
 * the store's defaults, the dashboard's rollup): a value loaded at most once
 * per time-to-live, concurrent callers sharing one load, a failed load
 * forgotten so the next caller tries again. Invalidated by whoever changes
 * what it holds.
 */
export class Cached<T> {
  protected entry: { at: number; value: Promise<T> } | null = null

  /**
   * @param ttlMs how long a value is reused (read on every call: options can say 0)
   * @param keep a loaded value that fails it is returned but not kept
   */
  constructor(
    protected readonly ttlMs: () => number,
    protected readonly keep: (value: T) => boolean = () => true
  ) {}

  /** The kept value while it is fresh, else `load()`'s; `refresh` loads anew whatever is kept. */
  get(load: () => Promise<T>, refresh = false): Promise<T> {
    const now = Date.now()
    if (!refresh && this.entry && now - this.entry.at < this.ttlMs()) return this.entry.value
    const entry = { at: now, value: load() }
    this.entry = entry
    entry.value.then(
      (v) => {
        if (!this.keep(v) && this.entry === entry) this.entry = null
      },
      () => {
        if (this.entry === entry) this.entry = null
      }
    )
    return entry.value
  }

  clear(): void {
    this.entry = null
  }
}

/**
 * `Cached` per key (popularity per window; a state's Q values; a cart's
 * relevance). With `maxKeys`, the oldest key is dropped when a new one would
 * exceed it: per-request keys (states, carts) must not grow without bound.
 */
export class CachedByKey<K, T> {
  protected readonly entries = new Map<K, Cached<T>>()

  constructor(
    protected readonly ttlMs: () => number,
    protected readonly maxKeys = Infinity
  ) {}

  get(key: K, load: () => Promise<T>): Promise<T> {
    let cached = this.entries.get(key)
    if (!cached) {
      if (this.entries.size >= this.maxKeys) this.entries.delete(this.entries.keys().next().value as K)
      this.entries.set(key, (cached = new Cached<T>(this.ttlMs)))
    }
    return cached.get(load)
  }

  /** How many keys are held (tests). */
  get size(): number {
    return this.entries.size
  }

  clear(): void {
    this.entries.clear()
  }
}
