import { describe, expect, it } from "vitest"
import type { CatalogSnapshot } from "../catalog"
import { CatalogCache, INCREMENTAL_LIMIT, MAX_FULL_REFRESH_SHARE, MIN_FULL_REFRESH_INTERVAL_MS, RETRY_AFTER_MS, type CatalogLoaders } from "../catalog-cache"

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
