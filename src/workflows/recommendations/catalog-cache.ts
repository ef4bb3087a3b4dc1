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
 *
 * The first load of a key is the one a request may wait for, and on a large
 * catalogue it takes minutes (100,000 products: docs/performance.md). So a
 * request waits for it at most FIRST_LOAD_GRACE_MS, then is answered from an
 * interim snapshot of the best sellers (`interim`, a few pages, started after
 * INTERIM_AFTER_MS, the full load standing aside while it loads) while the
 * full load goes on; if neither is there within `firstLoadWaitMs`, it gets a
 * `CatalogNotReadyError` (the routes' 503 with Retry-After) instead of a
 * connection held open for minutes. The server also starts these loads when
 * it boots (warm-up.ts), before any shopper asks.
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
/**
 * How long a request waits for a key's first full load before it is answered
 * from the interim snapshot: a small catalogue (the demo's 3,805 products load
 * in about 4 s on a 2-core machine, a few hundred in well under 1 s) is then
 * served whole from the first request on.
 */
export const FIRST_LOAD_GRACE_MS = 2_000
/**
 * A first load not done after this long starts the interim one beside it
 * (about 1.2 s for 500 best sellers of 100,000 products), so the interim
 * snapshot is there when the grace period ends; a catalogue that loads
 * sooner is loaded once.
 */
export const INTERIM_AFTER_MS = 500

/**
 * No snapshot of the key could be loaded in time: the request is refused
 * with a 503 and Retry-After (src/api/utils/error-handler.ts) rather than held.
 */
export class CatalogNotReadyError extends Error {
  readonly retryAfterSeconds: number
  constructor(waitedMs: number, retryAfterSeconds = 5) {
    super(
      `The store's catalogue is still loading for this sales channel and region (waited ${Math.round(waitedMs)} ms). Retry in ${retryAfterSeconds} s.`
    )
    this.name = "CatalogNotReadyError"
    this.retryAfterSeconds = retryAfterSeconds
  }
}

export interface CatalogLoaders {
  /**
   * The whole catalogue for the key. `background`: no request waits for it,
   * so it may pace itself to leave the event loop to requests. `standAside`:
   * while it returns a promise, wait for it between pages (the first load
   * lets the interim one go first).
   */
  full: (background: boolean, standAside?: () => Promise<unknown> | null) => Promise<CatalogSnapshot>
  /** The given products' part of it (absent ones are no longer sellable), merged into `base`. */
  patch: (base: CatalogSnapshot, productIds: string[]) => Promise<CatalogSnapshot>
  /**
   * The products whose rows changed since `since` (ms since the epoch); null:
   * too many, reload whole. Without it every expiry reloads whole.
   */
  changedSince?: (since: number) => Promise<string[] | null>
  /**
   * A small part of the catalogue (the best sellers), quick to load: what a
   * request is answered from while the key's first full load goes on.
   * Without it a request waits for the full load (up to `firstLoadWaitMs`).
   */
  interim?: () => Promise<CatalogSnapshot>
  onError?: (error: Error) => void
}

/** How long a request may wait for a key no snapshot holds yet (ms; default: for ever). */
export interface FirstLoadWait {
  firstLoadWaitMs?: number
  graceMs?: number
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
    /** The interim snapshot (best sellers only) is served while the first full load runs. */
    partial: boolean
  }>
  /** Keys whose first load is running with nothing to serve yet. */
  loading: string[]
}

interface Entry {
  snapshot: CatalogSnapshot
  /** The snapshot is the interim one (best sellers only): the first full load is running or will be retried. */
  partial: boolean
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

interface FirstLoad {
  full: Promise<CatalogSnapshot>
  /**
   * Starts the interim load (once) and resolves with its snapshot, or null when
   * there is none (no loader, it failed, or the full load came first). Started
   * only when a request has waited INTERIM_AFTER_MS: a catalogue that loads
   * sooner costs one load, not two.
   */
  interim: () => Promise<CatalogSnapshot | null>
}

/** `promise`'s value if it settles within `ms`, else `timedOut`; a rejection within `ms` rejects. */
function within<T, U>(promise: Promise<T>, ms: number, timedOut: U): Promise<T | U> {
  if (!Number.isFinite(ms)) return promise
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<U>((resolve) => {
    timer = setTimeout(() => resolve(timedOut), Math.max(0, ms))
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

const TIMED_OUT = Symbol("timed out")

export class CatalogCache {
  protected entries = new Map<string, Entry>()
  protected firstLoads = new Map<string, FirstLoad>()
  /** Bumped by clear(): a load begun before it does not install its snapshot. */
  protected generation = 0
  /** Background refreshes run so far (tests and the benchmark read it). */
  refreshes = { full: 0, incremental: 0, checks: 0, failed: 0 }

  constructor(protected readonly now: () => number = Date.now) {}

  /**
   * The key's snapshot. `ttlMs` 0 turns caching off: every call loads (for
   * stores that must see every change at once, at the cost of a load per
   * request). `fullReloadMs`: how often a full reload replaces the
   * time-to-live check (never more often than the TTL).
   */
  async get(key: string, ttlMs: number, loaders: CatalogLoaders, fullReloadMs = ttlMs, wait: FirstLoadWait = {}): Promise<CatalogSnapshot> {
    if (ttlMs <= 0) return loaders.full(false)
    const entry = this.entries.get(key)
    if (!entry) return this.waitForFirstLoad(key, ttlMs, loaders, wait)
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

  /**
   * A request for a key no snapshot holds: the first full load (started once
   * for a burst), waited for at most the grace period, with the interim load
   * started beside it after INTERIM_AFTER_MS; then the interim snapshot when
   * there is one; at most `firstLoadWaitMs` in all.
   */
  protected async waitForFirstLoad(key: string, ttlMs: number, loaders: CatalogLoaders, wait: FirstLoadWait): Promise<CatalogSnapshot> {
    const waitMs = wait.firstLoadWaitMs ?? Infinity
    const graceMs = Math.min(wait.graceMs ?? FIRST_LOAD_GRACE_MS, waitMs)
    const started = performance.now()
    const first = this.firstLoad(key, ttlMs, loaders)
    const interimAfter = Math.min(INTERIM_AFTER_MS, graceMs)
    let full = await within(first.full, interimAfter, TIMED_OUT)
    if (full !== TIMED_OUT) return full
    // not a small catalogue: the interim snapshot loads meanwhile, ready by the grace period's end
    const interim = first.interim()
    full = await within(first.full, graceMs - interimAfter, TIMED_OUT)
    if (full !== TIMED_OUT) return full
    // whichever comes first now: the full load, or the interim snapshot (null: none, keep waiting for the full)
    const interimOrFull = Promise.race([first.full, interim.then((s) => s ?? first.full)])
    const snapshot = await within(interimOrFull, waitMs - (performance.now() - started), TIMED_OUT)
    if (snapshot !== TIMED_OUT) return snapshot
    throw new CatalogNotReadyError(performance.now() - started)
  }

  /**
   * Starts a key's first full load and its interim snapshot, once. The interim
   * one becomes the key's entry as soon as it is there (requests read it, and
   * the full load stands as the entry's refresh, so none other starts); the
   * full one replaces it, keeping the changes marked meanwhile. A failed full
   * load leaves the interim entry due for a full reload after RETRY_AFTER_MS.
   */
  protected firstLoad(key: string, ttlMs: number, loaders: CatalogLoaders): FirstLoad {
    const pending = this.firstLoads.get(key)
    if (pending) return pending
    const generation = this.generation
    const current = () => generation === this.generation
    const started = this.now()
    let settled = false
    let resolveDone: () => void = () => undefined
    const done = new Promise<void>((resolve) => (resolveDone = resolve))
    let interimLoad: Promise<CatalogSnapshot | null> | null = null
    let interimSettled = false
    // the requests waiting need the interim snapshot first: the full load waits between its pages while it loads
    const full = loaders.full(false, () => (interimLoad && !interimSettled ? interimLoad : null)).then(
      (snapshot) => {
        settled = true
        if (current()) {
          const interim = this.entries.get(key)
          // changes marked while the load ran may not be in it
          const changed = interim ? interim.changed : new Set<string>()
          this.entries.set(key, { snapshot, partial: false, changed, refreshing: null, retryAt: 0, ...this.fullLoadTimes(started, ttlMs, loaders) })
        }
        return snapshot
      },
      (error) => {
        settled = true
        const interim = this.entries.get(key)
        if (current() && interim?.partial) {
          this.refreshes.failed++
          // served meanwhile; the next request after the pause starts a full reload
          Object.assign(interim, { changed: null, refreshing: null, dueAt: this.now() + RETRY_AFTER_MS })
          loaders.onError?.(error as Error)
        }
        throw error
      }
    )
    full
      .catch(() => undefined)
      .finally(() => {
        if (this.firstLoads.get(key) === first) this.firstLoads.delete(key)
        resolveDone()
      })
    const startInterim = (): Promise<CatalogSnapshot | null> =>
      !loaders.interim || settled
        ? Promise.resolve(null)
        : loaders.interim().then(
          (snapshot) => {
            if (settled || !current() || this.entries.has(key)) return null
            this.entries.set(key, {
              snapshot,
              partial: true,
              changed: new Set(),
              refreshing: done,
              retryAt: 0,
              lastFullAt: started,
              lastFullMs: 0,
              dueAt: Infinity,
              checkedAt: started,
            })
            return snapshot
          },
          (error) => {
            loaders.onError?.(error as Error)
            return null
          }
        )
    const interim = () => (interimLoad ??= startInterim().finally(() => (interimSettled = true)))
    const first: FirstLoad = { full, interim }
    this.firstLoads.set(key, first)
    return first
  }

  /** Starts the key's first load if no snapshot holds it (the boot's warm-up); resolves when the full load ends. */
  async warm(key: string, ttlMs: number, loaders: CatalogLoaders): Promise<void> {
    if (ttlMs <= 0 || this.entries.has(key)) return
    await this.firstLoad(key, ttlMs, loaders).full
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
        Object.assign(entry, { partial: false }, this.fullLoadTimes(started, ttlMs, loaders))
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
    this.generation++
    this.entries.clear()
    this.firstLoads.clear()
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
        partial: e.partial,
      })),
      loading: [...this.firstLoads.keys()].filter((key) => !this.entries.has(key)),
    }
  }

  /** Resolves when no background refresh is running (tests). */
  async settled(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => e.refreshing))
  }
}

export const catalogCache = new CatalogCache()
