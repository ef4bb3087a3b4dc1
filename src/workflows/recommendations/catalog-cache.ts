/**
 * The per-process catalogue snapshots, stale-while-revalidate: a request is
 * answered from the snapshot it finds, whatever its age; an expired or
 * changed snapshot is refreshed by one background load per key while
 * requests keep reading the old one. Only the first request for a key (an
 * empty cache) waits for a load. Snapshots are immutable and shared by every
 * request of the process: a refresh swaps in a new one.
 *
 * A refresh reloads only the products that changed when the catalogue
 * events named them (products, and variants, stock and reservations traced
 * to theirs), and everything otherwise (categories, sales channels, regions).
 * When the time-to-live expires, the rows' timestamps say which products
 * changed without an event (`changedSince`), and only those are reloaded; a
 * full reload still runs every `fullReloadMs`, for what no timestamp shows.
 */
import type { CatalogSnapshot } from "./catalog"

/** At most this many changed products are patched in; more reload everything. */
export const INCREMENTAL_LIMIT = 500
/** A failed refresh is tried again after this long (the old snapshot is served meanwhile). */
export const RETRY_AFTER_MS = 5_000
/**
 * Full reloads that events ask for (stock, prices…) start at most this often
 * per key: a busy store's reservations would otherwise keep one running all
 * the time. With the reload's own time, the staleness bound of such changes.
 */
export const MIN_FULL_REFRESH_INTERVAL_MS = 30_000
/**
 * Full reloads take at most this share of a process's time: a catalogue
 * whose reload takes T is reloaded at most every T / share (10 T), whatever
 * `fullReloadMs` or the events say. On the demo's 3,805 products (T ≈ 4 s)
 * `fullReloadMs` and the 30 s above bind; on 100,000 products (T ≈ 1.5 min)
 * this does, and products named by events or found by the time-to-live check
 * are still patched in meanwhile.
 */
export const MAX_FULL_REFRESH_SHARE = 0.1
/**
 * A time-to-live check reads the rows changed since the previous check began,
 * less this: a transaction that wrote before that moment but committed after
 * it, or a writer whose clock runs behind, is still seen.
 */
export const CHANGE_MARGIN_MS = 60_000

export interface CatalogLoaders {
  /**
   * The whole catalogue for the key. `background`: no request waits for it,
   * so it may pace itself to leave the event loop to requests.
   */
  full: (background: boolean) => Promise<CatalogSnapshot>
  /** The given products' part of it (absent ones are no longer sellable), merged into `base`. */
  patch: (base: CatalogSnapshot, productIds: string[]) => Promise<CatalogSnapshot>
  /**
   * The products whose rows changed since `since` (ms since the epoch); null:
   * too many, reload whole. Without it every expiry reloads whole.
   */
  changedSince?: (since: number) => Promise<string[] | null>
  onError?: (error: Error) => void
}

export interface CatalogCacheStats {
  refreshes: CatalogCache["refreshes"]
  snapshots: Array<{
    /** sales channel | region | currency */
    key: string
    products: number
    last_full_load_at: string
    last_full_load_ms: number
    /** The last full load's or time-to-live check's start: changes written since are in the snapshot. */
    last_check_at: string
    refreshing: boolean
  }>
}

interface Entry {
  snapshot: CatalogSnapshot
  /** When the snapshot is due for a full reload. */
  dueAt: number
  /** Products changed since the snapshot (null: everything may have). */
  changed: Set<string> | null
  refreshing: Promise<void> | null
  /** After a failed refresh, none starts before this. */
  retryAt: number
  lastFullAt: number
  /** How long the last full load took: spaces the next one (MAX_FULL_REFRESH_SHARE). */
  lastFullMs: number
  /** When the last full load or time-to-live check began: the next check reads changes from there (less CHANGE_MARGIN_MS). */
  checkedAt: number
}

export class CatalogCache {
  protected entries = new Map<string, Entry>()
  protected firstLoads = new Map<string, Promise<CatalogSnapshot>>()
  /** Background refreshes run so far (tests and the benchmark read it). */
  refreshes = { full: 0, incremental: 0, checks: 0, failed: 0 }

  constructor(protected readonly now: () => number = Date.now) {}

  /**
   * The key's snapshot. `ttlMs` 0 turns caching off: every call loads (for
   * stores that must see every change at once, at the cost of a load per
   * request). `fullReloadMs`: how often a full reload replaces the
   * time-to-live check (never more often than the TTL).
   */
  async get(key: string, ttlMs: number, loaders: CatalogLoaders, fullReloadMs = ttlMs): Promise<CatalogSnapshot> {
    if (ttlMs <= 0) return loaders.full(false)
    const entry = this.entries.get(key)
    if (!entry) return this.firstLoad(key, ttlMs, loaders)
    if (!entry.refreshing && this.due(entry)) {
      entry.refreshing = this.refresh(entry, ttlMs, Math.max(ttlMs, fullReloadMs), loaders).finally(() => {
        entry.refreshing = null
      })
    }
    return entry.snapshot
  }

  protected due(entry: Entry): boolean {
    const now = this.now()
    if (now < entry.retryAt) return false
    if (now >= entry.dueAt) return true
    const fullAllowed = now - entry.lastFullAt >= Math.max(MIN_FULL_REFRESH_INTERVAL_MS, entry.lastFullMs / MAX_FULL_REFRESH_SHARE)
    if (entry.changed === null) return fullAllowed
    return entry.changed.size > 0
  }

  /**
   * A full load that began at `started` just ended: when it ran, how long it
   * took, when the snapshot next expires. Without time-to-live checks the
   * expiry is the next full load, and a long load spaces it out.
   */
  protected fullLoadTimes(started: number, ttlMs: number, loaders: CatalogLoaders): Pick<Entry, "lastFullAt" | "lastFullMs" | "dueAt" | "checkedAt"> {
    const now = this.now()
    const lastFullMs = now - started
    const dueAt = now + (loaders.changedSince ? ttlMs : Math.max(ttlMs, lastFullMs / MAX_FULL_REFRESH_SHARE))
    return { lastFullAt: started, lastFullMs, dueAt, checkedAt: started }
  }

  /** Whether the expiry at `now` must reload whole: no checks, or the full reload's interval (or its 10% share) has passed. */
  protected fullReloadOwed(entry: Entry, now: number, fullReloadMs: number, loaders: CatalogLoaders): boolean {
    return !loaders.changedSince || now - entry.lastFullAt >= Math.max(fullReloadMs, entry.lastFullMs / MAX_FULL_REFRESH_SHARE)
  }

  protected firstLoad(key: string, ttlMs: number, loaders: CatalogLoaders): Promise<CatalogSnapshot> {
    let pending = this.firstLoads.get(key)
    if (!pending) {
      const started = this.now()
      pending = loaders
        .full(false)
        .then((snapshot) => {
          this.entries.set(key, { snapshot, changed: new Set(), refreshing: null, retryAt: 0, ...this.fullLoadTimes(started, ttlMs, loaders) })
          return snapshot
        })
        .finally(() => this.firstLoads.delete(key))
      this.firstLoads.set(key, pending)
    }
    return pending
  }

  protected async refresh(entry: Entry, ttlMs: number, fullReloadMs: number, loaders: CatalogLoaders): Promise<void> {
    // what changes from here on is kept for the next refresh
    const changed = entry.changed
    const started = this.now()
    const expired = started >= entry.dueAt
    entry.changed = new Set()
    try {
      let ids: string[] | null = changed && [...changed]
      if (ids && expired) {
        // the time-to-live: what changed without an event, from the rows' timestamps
        const unseen = this.fullReloadOwed(entry, started, fullReloadMs, loaders) ? null : await loaders.changedSince!(entry.checkedAt - CHANGE_MARGIN_MS)
        ids = unseen && [...new Set([...ids, ...unseen])]
      }
      if (ids && ids.length <= INCREMENTAL_LIMIT) {
        if (ids.length) entry.snapshot = await loaders.patch(entry.snapshot, ids)
        if (expired) {
          Object.assign(entry, { checkedAt: started, dueAt: this.now() + ttlMs })
          this.refreshes.checks++
        } else this.refreshes.incremental++
      } else {
        entry.snapshot = await loaders.full(true)
        Object.assign(entry, this.fullLoadTimes(started, ttlMs, loaders))
        this.refreshes.full++
      }
      entry.retryAt = 0
    } catch (e) {
      this.refreshes.failed++
      // nothing is lost: the changes are kept for the next attempt, which waits a little
      entry.changed = changed === null || entry.changed === null ? null : new Set([...changed, ...entry.changed])
      entry.retryAt = this.now() + RETRY_AFTER_MS
      loaders.onError?.(e as Error)
    }
  }

  /** These products changed (a product event): the next request starts a refresh of them. */
  markChanged(productIds: string[]): void {
    for (const entry of this.entries.values()) {
      if (entry.changed) for (const id of productIds) entry.changed.add(id)
    }
  }

  /**
   * Whether naming changed products could still spare a full reload: some
   * snapshot is held, not already due for one, and below INCREMENTAL_LIMIT.
   * When not, tracing an event to its products is wasted work (an import's
   * thousands of events, or a process that has served no recommendation).
   */
  tracksChanges(): boolean {
    for (const entry of this.entries.values()) if (entry.changed && entry.changed.size < INCREMENTAL_LIMIT) return true
    return false
  }

  /** Anything may have changed (stock, prices, categories…): the next request starts a full refresh. */
  markStale(): void {
    for (const entry of this.entries.values()) entry.changed = null
  }

  /** Forgets every snapshot: the next request loads and waits (after an import replaced the catalogue). */
  clear(): void {
    this.entries.clear()
  }

  /** What the admin health route shows: each snapshot's size and age, and the refreshes run so far. */
  stats(): CatalogCacheStats {
    const at = (ms: number) => new Date(ms).toISOString()
    return {
      refreshes: { ...this.refreshes },
      snapshots: [...this.entries].map(([key, e]) => ({
        key,
        products: e.snapshot.cards.length,
        last_full_load_at: at(e.lastFullAt),
        last_full_load_ms: e.lastFullMs,
        last_check_at: at(e.checkedAt),
        refreshing: e.refreshing !== null,
      })),
    }
  }

  /** Resolves when no background refresh is running (tests). */
  async settled(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => e.refreshing))
  }
}

export const catalogCache = new CatalogCache()
