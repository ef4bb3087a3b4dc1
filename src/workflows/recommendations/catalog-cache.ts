/**
 * The per-process catalogue snapshots, stale-while-revalidate: a request is
 * answered from the snapshot it finds, whatever its age; an expired or
 * changed snapshot is refreshed by one background load per key while
 * requests keep reading the old one. Only the first request for a key (an
 * empty cache) waits for a load. Snapshots are immutable and shared by every
 * request of the process: a refresh swaps in a new one.
 *
 * A refresh reloads only the products that changed when the catalogue
 * events named them (product created, updated or deleted), and everything
 * otherwise (variants, stock, reservations, categories, sales channels,
 * regions, and the time-to-live).
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
 * the TTL or the events say. On the demo's 3,805 products (T ≈ 2.5 s) the
 * TTL and the 30 s above bind; on 100,000 products (T ≈ a minute) this does,
 * and products named by events are still patched in within seconds.
 */
export const MAX_FULL_REFRESH_SHARE = 0.1

export interface CatalogLoaders {
  /**
   * The whole catalogue for the key. `background`: no request waits for it,
   * so it may pace itself to leave the event loop to requests.
   */
  full: (background: boolean) => Promise<CatalogSnapshot>
  /** The given products' part of it (absent ones are no longer sellable), merged into `base`. */
  patch: (base: CatalogSnapshot, productIds: string[]) => Promise<CatalogSnapshot>
  onError?: (error: Error) => void
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
}

export class CatalogCache {
  protected entries = new Map<string, Entry>()
  protected firstLoads = new Map<string, Promise<CatalogSnapshot>>()
  /** Background refreshes run so far (tests and the benchmark read it). */
  refreshes = { full: 0, incremental: 0, failed: 0 }

  constructor(protected readonly now: () => number = Date.now) {}

  /**
   * The key's snapshot. `ttlMs` 0 turns caching off: every call loads (for
   * stores that must see every change at once, at the cost of a load per request).
   */
  async get(key: string, ttlMs: number, loaders: CatalogLoaders): Promise<CatalogSnapshot> {
    if (ttlMs <= 0) return loaders.full(false)
    const entry = this.entries.get(key)
    if (!entry) return this.firstLoad(key, ttlMs, loaders)
    if (!entry.refreshing && this.due(entry)) {
      entry.refreshing = this.refresh(entry, ttlMs, loaders).finally(() => {
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

  /** A full load that began at `started` just ended: when it ran, how long it took, when the next is due. */
  protected fullLoadTimes(started: number, ttlMs: number): Pick<Entry, "lastFullAt" | "lastFullMs" | "dueAt"> {
    const now = this.now()
    const lastFullMs = now - started
    return { lastFullAt: started, lastFullMs, dueAt: now + Math.max(ttlMs, lastFullMs / MAX_FULL_REFRESH_SHARE) }
  }

  protected firstLoad(key: string, ttlMs: number, loaders: CatalogLoaders): Promise<CatalogSnapshot> {
    let pending = this.firstLoads.get(key)
    if (!pending) {
      const started = this.now()
      pending = loaders
        .full(false)
        .then((snapshot) => {
          this.entries.set(key, { snapshot, changed: new Set(), refreshing: null, retryAt: 0, ...this.fullLoadTimes(started, ttlMs) })
          return snapshot
        })
        .finally(() => this.firstLoads.delete(key))
      this.firstLoads.set(key, pending)
    }
    return pending
  }

  protected async refresh(entry: Entry, ttlMs: number, loaders: CatalogLoaders): Promise<void> {
    // what changes from here on is kept for the next refresh
    const changed = entry.changed
    const expired = this.now() >= entry.dueAt
    entry.changed = new Set()
    try {
      if (changed && !expired && changed.size <= INCREMENTAL_LIMIT) {
        entry.snapshot = await loaders.patch(entry.snapshot, [...changed])
        this.refreshes.incremental++
      } else {
        const started = this.now()
        entry.snapshot = await loaders.full(true)
        Object.assign(entry, this.fullLoadTimes(started, ttlMs))
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

  /** Resolves when no background refresh is running (tests). */
  async settled(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => e.refreshing))
  }
}

export const catalogCache = new CatalogCache()
