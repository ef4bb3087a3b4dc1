import { describe, expect, it } from "vitest"
import type { CatalogSnapshot } from "../catalog"
import { CatalogCache, CatalogNotReadyError, CHANGE_MARGIN_MS, INTERIM_AFTER_MS, INCREMENTAL_LIMIT, MAX_FULL_REFRESH_SHARE, MIN_FULL_REFRESH_INTERVAL_MS, RETRY_AFTER_MS, type CatalogLoaders } from "../catalog-cache"

const snapshot = (ids: string[]): CatalogSnapshot => ({
  cards: ids.map((id) => ({ id, title: id, handle: id, thumbnail: null, variant_id: `v-${id}`, amount: 5, currency_code: "gbp", category_ids: [] })),
  categoriesByProduct: new Map(),
  categoryHandles: new Map(),
  priceBands: { low: 10, high: 50, source: "default" },
  loadedAt: 0,
})
const ids = (s: CatalogSnapshot) => s.cards.map((c) => c.id)

/** A catalogue whose loads the test releases one by one. */
function store(initial: string[]) {
  let products = [...initial]
  const pending: Array<() => void> = []
  const calls = { full: 0, patch: [] as string[][] }
  const gate = <T>(value: () => T) => new Promise<T>((resolve) => pending.push(() => resolve(value())))
  const loaders: CatalogLoaders = {
    full: () => {
      calls.full++
      return gate(() => snapshot(products))
    },
    patch: (base, changed) => {
      calls.patch.push(changed)
      return gate(() => snapshot([...ids(base).filter((id) => !changed.includes(id)), ...changed.filter((id) => products.includes(id))]))
    },
  }
  return {
    loaders,
    calls,
    set: (next: string[]) => (products = next),
    release: async () => {
      pending.shift()?.()
      await new Promise((r) => setImmediate(r))
    },
    waiting: () => pending.length,
  }
}

describe("the catalogue cache (stale-while-revalidate)", () => {
  it("makes only the first request wait, once for a burst", async () => {
    const cache = new CatalogCache(() => 0)
    const s = store(["a", "b"])
    const burst = Promise.all([1, 2, 3].map(() => cache.get("k", 60_000, s.loaders)))
    expect(s.calls.full).toBe(1)
    await s.release()
    expect((await burst).map(ids)).toEqual([["a", "b"], ["a", "b"], ["a", "b"]])
  })

  it("serves the old snapshot while one background reload runs after the time-to-live", async () => {
    let now = 0
    const cache = new CatalogCache(() => now)
    const s = store(["a", "b"])
    const first = cache.get("k", 60_000, s.loaders)
    await s.release()
    await first
    s.set(["a", "c"])
    now = 60_000
    // answered at once from the expired snapshot, however many ask; one reload starts
    for (let i = 0; i < 5; i++) expect(ids(await cache.get("k", 60_000, s.loaders))).toEqual(["a", "b"])
    expect(s.calls.full).toBe(2)
    await s.release()
    await cache.settled()
    expect(ids(await cache.get("k", 60_000, s.loaders))).toEqual(["a", "c"])
    expect(cache.refreshes).toMatchObject({ full: 1, incremental: 0 })
  })

  it("reloads only the products an event names, and keeps changes that arrive during a refresh", async () => {
    const cache = new CatalogCache(() => 0)
    const s = store(["a", "b", "c"])
    const first = cache.get("k", 60_000, s.loaders)
    await s.release()
    await first
    s.set(["a", "c", "d"]) // b unpublished, d created
    cache.markChanged(["b"])
    expect(ids(await cache.get("k", 60_000, s.loaders))).toEqual(["a", "b", "c"])
    cache.markChanged(["d"]) // while b's patch runs
    await s.release()
    await cache.settled()
    expect(s.calls.patch).toEqual([["b"]])
    expect(ids(await cache.get("k", 60_000, s.loaders))).toEqual(["a", "c"])
    await s.release()
    await cache.settled()
    expect(s.calls.patch).toEqual([["b"], ["d"]])
    expect(ids(await cache.get("k", 60_000, s.loaders))).toEqual(["a", "c", "d"])
    expect(s.calls.full).toBe(1)
  })

  it("reloads everything for an event that names no product, at most once per interval", async () => {
    let now = 0
    const cache = new CatalogCache(() => now)
    const s = store(["a"])
    const first = cache.get("k", 600_000, s.loaders)
    await s.release()
    await first
    cache.markStale()
    now = MIN_FULL_REFRESH_INTERVAL_MS - 1
    await cache.get("k", 600_000, s.loaders)
    expect(s.calls.full).toBe(1) // too soon after the first load
    now = MIN_FULL_REFRESH_INTERVAL_MS
    s.set(["a", "b"])
    await cache.get("k", 600_000, s.loaders)
    expect(s.calls.full).toBe(2)
    await s.release()
    await cache.settled()
    expect(ids(await cache.get("k", 600_000, s.loaders))).toEqual(["a", "b"])
  })

  it("spaces the full reloads of a slow catalogue to a bounded share of the time, still patching named products at once", async () => {
    let now = 0
    const cache = new CatalogCache(() => now)
    const s = store(["a", "b"])
    const loadMs = 60_000 // a large catalogue: a minute per full load
    const first = cache.get("k", 60_000, s.loaders)
    now = loadMs
    await s.release()
    await first
    const spacing = loadMs / MAX_FULL_REFRESH_SHARE
    // past the TTL and marked stale, but within the spacing: no full reload
    cache.markStale()
    now = loadMs + 60_000
    await cache.get("k", 60_000, s.loaders)
    expect(s.calls.full).toBe(1)
    // a product an event names is still patched in
    const patched = new CatalogCache(() => now)
    const p = store(["a"])
    const pFirst = patched.get("k", 60_000, p.loaders)
    now += loadMs
    await p.release()
    await pFirst
    p.set(["a", "c"])
    patched.markChanged(["c"])
    await patched.get("k", 60_000, p.loaders)
    await p.release()
    await patched.settled()
    expect(ids(await patched.get("k", 60_000, p.loaders))).toEqual(["a", "c"])
    // once the spacing has passed since the first load began, the full reload runs
    now = spacing
    await cache.get("k", 60_000, s.loaders)
    expect(s.calls.full).toBe(2)
  })

  it("at the time-to-live patches what the rows' timestamps show changed, reloading whole only every fullReloadMs", async () => {
    let now = 0
    const cache = new CatalogCache(() => now)
    let products = ["a", "b", "c"]
    let written: Array<{ id: string; at: number }> = [] // rows written, by product and time
    const asked: number[] = []
    const calls = { full: 0, patch: [] as string[][] }
    let tooMany = false
    const loaders: CatalogLoaders = {
      full: async () => (calls.full++, snapshot(products)),
      patch: async (base, changed) => {
        calls.patch.push(changed)
        return snapshot([...ids(base).filter((id) => !changed.includes(id)), ...changed.filter((id) => products.includes(id))])
      },
      changedSince: async (since) => {
        asked.push(since)
        return tooMany ? null : [...new Set(written.filter((w) => w.at >= since).map((w) => w.id))]
      },
    }
    /** A request, the refresh it started, then what the next request is served. */
    const get = async () => {
      await cache.get("k", 60_000, loaders, 600_000)
      await cache.settled()
      return cache.get("k", 60_000, loaders, 600_000)
    }
    await get()
    // b sold out without an event, 10 s in
    products = ["a", "c"]
    written = [{ id: "b", at: 10_000 }]
    now = 59_999
    expect(ids(await get())).toEqual(["a", "b", "c"]) // not expired yet
    now = 60_000
    await get() // expired: the check runs, reading from the first load's start less the margin
    expect(asked).toEqual([0 - CHANGE_MARGIN_MS])
    expect(calls).toEqual({ full: 1, patch: [["b"]] })
    expect(ids(await get())).toEqual(["a", "c"])
    // the next check reads from this one's start: b again (within the margin), then nothing new
    now = 120_000
    await get()
    expect(asked[1]).toBe(60_000 - CHANGE_MARGIN_MS)
    expect(calls.patch).toEqual([["b"], ["b"]])
    written = []
    now = 180_000
    await get()
    expect(calls.patch.length).toBe(2) // nothing changed: nothing patched
    expect(cache.refreshes).toMatchObject({ full: 0, checks: 3 })
    // too many changes: a full reload instead
    tooMany = true
    now = 240_000
    products = ["a", "c", "d"]
    expect(ids(await get())).toEqual(["a", "c", "d"])
    expect(cache.refreshes).toMatchObject({ full: 1, checks: 3 })
    tooMany = false
    // fullReloadMs after the last full load (240 s), the expiry reloads whole without asking
    const askedBefore = asked.length
    for (now = 300_000; now < 840_000; now += 60_000) await get()
    expect(cache.refreshes).toMatchObject({ full: 1, checks: 12 })
    now = 840_000
    await get()
    expect(asked.length).toBe(askedBefore + 9)
    expect(cache.refreshes).toMatchObject({ full: 2, checks: 12 })
  })

  it("keeps serving and keeps the changes when a refresh fails, and tries again after a pause", async () => {
    let now = 0
    const cache = new CatalogCache(() => now)
    let fail = true
    const errors: string[] = []
    const loaders: CatalogLoaders = {
      full: async () => snapshot(["a"]),
      patch: async (base, changed) => {
        if (fail) throw new Error("database away")
        return snapshot([...ids(base), ...changed])
      },
      onError: (e) => errors.push(e.message),
    }
    await cache.get("k", 600_000, loaders)
    cache.markChanged(["b"])
    expect(ids(await cache.get("k", 600_000, loaders))).toEqual(["a"])
    await cache.settled()
    expect(errors).toEqual(["database away"])
    fail = false
    now = RETRY_AFTER_MS - 1
    await cache.get("k", 600_000, loaders)
    await cache.settled()
    expect(cache.refreshes).toMatchObject({ incremental: 0, failed: 1 }) // not before the pause
    now = RETRY_AFTER_MS
    await cache.get("k", 600_000, loaders)
    await cache.settled()
    expect(ids(await cache.get("k", 600_000, loaders))).toEqual(["a", "b"])
  })

  it("loads on every call with a time-to-live of 0, and waits again after clear()", async () => {
    const cache = new CatalogCache(() => 0)
    let loads = 0
    const loaders: CatalogLoaders = { full: async () => snapshot([`p${++loads}`]), patch: async (b) => b }
    await cache.get("k", 0, loaders)
    await cache.get("k", 0, loaders)
    expect(loads).toBe(2)
    expect(ids(await cache.get("k", 1000, loaders))).toEqual(["p3"])
    cache.clear()
    expect(ids(await cache.get("k", 1000, loaders))).toEqual(["p4"])
  })

  it("wants events traced to products only while that can spare a full reload", async () => {
    const cache = new CatalogCache(() => 0)
    expect(cache.tracksChanges()).toBe(false) // nothing held: nothing to patch
    const s = store(["a"])
    const first = cache.get("k", 60_000, s.loaders)
    await s.release()
    await first
    expect(cache.tracksChanges()).toBe(true)
    cache.markChanged(Array.from({ length: INCREMENTAL_LIMIT }, (_, i) => `p${i}`))
    expect(cache.tracksChanges()).toBe(false) // that many reload whole anyway
    cache.markStale()
    expect(cache.tracksChanges()).toBe(false)
  })
})

describe("the catalogue cache's first load (after a boot)", () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
  /** A full load the test releases, and an interim one (best sellers) that resolves at once. */
  function slowStore(full: string[], interim: string[]) {
    let releaseFull: (fail?: Error) => void = () => undefined
    const calls = { full: 0, interim: 0 }
    const loaders: CatalogLoaders = {
      full: () => {
        calls.full++
        return new Promise((resolve, reject) => (releaseFull = (fail) => (fail ? reject(fail) : resolve(snapshot(full)))))
      },
      patch: async (base) => base,
      interim: async () => {
        calls.interim++
        return snapshot(interim)
      },
    }
    return { loaders, calls, releaseFull: (fail?: Error) => releaseFull(fail) }
  }

  it("answers from the interim snapshot after the grace period, and the full load replaces it", async () => {
    const cache = new CatalogCache(() => 0)
    const s = slowStore(["a", "b", "c"], ["a"])
    const wait = { firstLoadWaitMs: 1_000, graceMs: 20 }
    expect(ids(await cache.get("k", 60_000, s.loaders, 60_000, wait))).toEqual(["a"])
    expect(cache.stats().snapshots[0]).toMatchObject({ partial: true, refreshing: true })
    // later requests read the interim snapshot at once, and start nothing more
    expect(ids(await cache.get("k", 60_000, s.loaders, 60_000, wait))).toEqual(["a"])
    cache.markChanged(["c"])
    s.releaseFull()
    await cache.settled()
    expect(ids(await cache.get("k", 60_000, s.loaders, 60_000, wait))).toEqual(["a", "b", "c"])
    expect(s.calls).toEqual({ full: 1, interim: 1 })
    expect(cache.stats().snapshots[0]).toMatchObject({ partial: false, products: 3 })
    await cache.settled()
    // the change marked during the first load is patched in afterwards, not lost
    expect(cache.refreshes.incremental).toBe(1)
  })

  it("starts the interim load beside the full one after INTERIM_AFTER_MS, so it is ready when the grace period ends", async () => {
    const cache = new CatalogCache(() => 0)
    const s = slowStore(["a", "b", "c"], ["a"])
    const started = performance.now()
    const answer = cache.get("k", 60_000, s.loaders, 60_000, { firstLoadWaitMs: 5_000, graceMs: INTERIM_AFTER_MS + 300 })
    await sleep(INTERIM_AFTER_MS - 200)
    expect(s.calls.interim).toBe(0)
    await sleep(300)
    expect(s.calls.interim).toBe(1)
    expect(ids(await answer)).toEqual(["a"])
    expect(performance.now() - started).toBeGreaterThanOrEqual(INTERIM_AFTER_MS + 290)
    s.releaseFull()
  })

  it("has the first full load stand aside between its pages while the interim one loads", async () => {
    const cache = new CatalogCache(() => 0)
    const log: string[] = []
    let releaseInterim: () => void = () => undefined
    const loaders: CatalogLoaders = {
      full: async (_background, standAside) => {
        for (let page = 0; page < 6; page++) {
          const other = standAside?.()
          if (other) {
            log.push(`full waits at page ${page}`)
            await other
          }
          log.push(`full page ${page}`)
          await sleep(10)
        }
        return snapshot(["a", "b"])
      },
      patch: async (base) => base,
      interim: () =>
        new Promise((resolve) => {
          log.push("interim starts")
          releaseInterim = () => {
            log.push("interim done")
            resolve(snapshot(["a"]))
          }
        }),
    }
    const answer = cache.get("k", 60_000, loaders, 60_000, { firstLoadWaitMs: 5_000, graceMs: 15 })
    await sleep(40)
    const waiting = log.filter((l) => l.startsWith("full page")).length
    await sleep(40)
    expect(log.filter((l) => l.startsWith("full page")).length).toBe(waiting) // no page while the interim loads
    releaseInterim()
    expect(ids(await answer)).toEqual(["a"])
    await cache.settled()
    expect(log.indexOf("interim done")).toBeLessThan(log.lastIndexOf("full page 5"))
    expect(log.some((l) => l.startsWith("full waits"))).toBe(true)
    expect(ids(await cache.get("k", 60_000, loaders))).toEqual(["a", "b"])
  })

  it("loads once, with no interim snapshot, a catalogue that loads within the grace period", async () => {
    const cache = new CatalogCache(() => 0)
    const s = slowStore(["a", "b"], ["a"])
    const first = cache.get("k", 60_000, s.loaders, 60_000, { firstLoadWaitMs: 1_000, graceMs: 500 })
    await sleep(5)
    s.releaseFull()
    expect(ids(await first)).toEqual(["a", "b"])
    expect(s.calls).toEqual({ full: 1, interim: 0 })
  })

  it("refuses with CatalogNotReadyError when nothing is loaded within firstLoadWaitMs, and answers once it is", async () => {
    const cache = new CatalogCache(() => 0)
    const s = slowStore(["a"], [])
    s.loaders.interim = undefined
    const wait = { firstLoadWaitMs: 30, graceMs: 10 }
    const started = performance.now()
    const refused = await cache.get("k", 60_000, s.loaders, 60_000, wait).catch((e) => e)
    expect(refused).toBeInstanceOf(CatalogNotReadyError)
    expect(refused.retryAfterSeconds).toBe(5)
    expect(performance.now() - started).toBeLessThan(1_000)
    expect(cache.stats().loading).toEqual(["k"])
    // the load goes on: a request after it ends is answered, without a second load
    s.releaseFull()
    expect(ids(await cache.get("k", 60_000, s.loaders, 60_000, wait))).toEqual(["a"])
    expect(s.calls.full).toBe(1)
  })

  it("keeps serving the interim snapshot when the first full load fails, and reloads whole after the pause", async () => {
    let now = 0
    const cache = new CatalogCache(() => now)
    const s = slowStore(["a", "b"], ["a"])
    const errors: string[] = []
    s.loaders.onError = (e) => errors.push(e.message)
    const wait = { firstLoadWaitMs: 1_000, graceMs: 10 }
    expect(ids(await cache.get("k", 60_000, s.loaders, 60_000, wait))).toEqual(["a"])
    s.releaseFull(new Error("database away"))
    await sleep(1)
    expect(errors).toEqual(["database away"])
    expect(ids(await cache.get("k", 60_000, s.loaders, 60_000, wait))).toEqual(["a"])
    expect(s.calls.full).toBe(1) // not before the pause
    now = RETRY_AFTER_MS
    await cache.get("k", 60_000, s.loaders, 60_000, wait)
    expect(s.calls.full).toBe(2)
    s.releaseFull()
    await cache.settled()
    expect(ids(await cache.get("k", 60_000, s.loaders, 60_000, wait))).toEqual(["a", "b"])
    expect(cache.stats().snapshots[0].partial).toBe(false)
  })

  it("warm() loads a key before any request, which then waits for nothing", async () => {
    const cache = new CatalogCache(() => 0)
    const s = slowStore(["a", "b"], ["a"])
    const warming = cache.warm("k", 60_000, s.loaders)
    s.releaseFull()
    await warming
    const full = s.calls.full
    expect(ids(await cache.get("k", 60_000, s.loaders, 60_000, { firstLoadWaitMs: 0 }))).toEqual(["a", "b"])
    await cache.warm("k", 60_000, s.loaders) // held: nothing to do
    expect(s.calls).toEqual({ full, interim: 0 })
  })

  it("does not install a first load that began before clear()", async () => {
    const cache = new CatalogCache(() => 0)
    const s = slowStore(["old"], [])
    const warming = cache.warm("k", 60_000, s.loaders)
    cache.clear()
    s.releaseFull()
    await warming
    expect(cache.stats().snapshots).toEqual([])
  })
})
