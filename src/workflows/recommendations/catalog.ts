import type { StoreDefaults } from "./region"
import type { RemoteQueryFunction } from "@medusajs/framework/types"
import { toNumber } from "../utils/to-number"
import { QueryContext, getVariantAvailability } from "@medusajs/framework/utils"
import type { ProductCard } from "../../learning/ranking"
import { catalogCache, type CatalogLoaders } from "./catalog-cache"
import { productsChangedSince } from "./catalog-changes"
import { DEFAULT_PRICE_BANDS, fitPriceBands, type PriceBands } from "../../learning/strategies"

/**
 * What the strategies rank: every published, priced, in-stock product of a
 * sales channel, priced for one region and currency.
 */
export interface CatalogSnapshot {
  cards: ProductCard[]
  /** Category ids per product, including products out of stock (cart items). */
  categoriesByProduct: Map<string, string[]>
  /** Category handle per id, for the state's category preference. */
  categoryHandles: Map<string, string>
  /** The price strategies' bands in this catalogue's currency: from the `priceBands` option, else fitted to its prices. */
  priceBands: CatalogPriceBands
  loadedAt: number
}

export type CatalogPriceBands = PriceBands & { source: "option" | "fitted" | "default" }

/** The option's bands for the currency, else the catalogue's terciles, else (an empty catalogue) the original ones. */
export function catalogPriceBands(amounts: number[], configured: PriceBands | undefined): CatalogPriceBands {
  if (configured) return { ...configured, source: "option" }
  const fitted = fitPriceBands(amounts)
  return fitted ? { ...fitted, source: "fitted" } : { ...DEFAULT_PRICE_BANDS, source: "default" }
}

export interface CatalogKey {
  salesChannelId: string
  regionId: string
  currencyCode: string
}

// a page is one synchronous stretch of hydration, and a request arriving during a reload waits
// behind one: pages of 250 cost less CPU in all than 100 but doubled the loop delay's p99 (48–62
// against 21–26 ms) and took the route's p99 at 8 connections from 143 to 216–240 ms
// (docs/performance.md)
const PAGE_SIZE = 100

/** The products of the key's sales channel, or those of `productIds` that are in it. */
async function channelProductIds(query: Omit<RemoteQueryFunction, symbol>, key: CatalogKey, productIds?: string[]): Promise<string[]> {
  const { data: links } = await query.graph({
    entity: "product_sales_channel",
    fields: ["product_id"],
    filters: productIds ? { sales_channel_id: key.salesChannelId, product_id: productIds } : { sales_channel_id: key.salesChannelId },
  })
  return [...new Set((links as Array<{ product_id: string }>).map((l) => l.product_id))]
}

/** Whether a product (in stock or not) belongs to a sales channel: one indexed link lookup. */
export async function productInChannel(query: Omit<RemoteQueryFunction, symbol>, salesChannelId: string, productId: string): Promise<boolean> {
  const { data } = await query.graph({
    entity: "product_sales_channel",
    fields: ["product_id"],
    filters: { sales_channel_id: salesChannelId, product_id: productId },
    pagination: { take: 1 },
  })
  return data.length > 0
}

type CatalogParts = Pick<CatalogSnapshot, "cards" | "categoriesByProduct" | "categoryHandles">
type Categories = Pick<CatalogSnapshot, "categoriesByProduct" | "categoryHandles">

/**
 * A load that another should go before: while it returns a promise, the
 * load waits for it between pages (a first full load, while the interim
 * snapshot the waiting requests need is loading).
 */
export type StandAside = () => Promise<unknown> | null

/** Lets the requests queued behind a load run between its pages. */
const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve))

/** A background reload rests this share of each page's time (at most PACE_MAX_MS) before the next. */
const PACE_SHARE = 1
const PACE_MAX_MS = 100

/**
 * Between two pages of a load: a load a request waits for (`paced` false)
 * only yields; a background reload also rests as long as its page took. A
 * recommendation makes several database round trips, and a bare yield lets a
 * page run between each of them: the request then waits behind one page per
 * round trip. Resting gives the requests of that moment time to finish. The
 * reload takes about twice as long, for the same CPU.
 */
async function between(paced: boolean, pageStarted: number, standAside?: StandAside): Promise<void> {
  const other = standAside?.()
  if (other) await other
  if (!paced) return yieldToRequests()
  const rest = Math.min(PACE_MAX_MS, (performance.now() - pageStarted) * PACE_SHARE)
  return new Promise<void>((resolve) => setTimeout(resolve, rest))
}

const CATEGORY_PAGE_SIZE = 1_000

/**
 * Every category's products among `productIds`, read category by category in
 * pages of product ids. On the full catalogue this is 0.4 s of CPU where the
 * same categories read with the products cost 1.0 s (docs/performance.md):
 * the ORM's many-to-many hydration per product is the expensive part.
 */
async function loadCategories(
  query: Omit<RemoteQueryFunction, symbol>,
  productIds: string[],
  paced: boolean,
  standAside?: StandAside
): Promise<Categories> {
  const wanted = new Set(productIds)
  const categoriesByProduct = new Map<string, string[]>()
  const categoryHandles = new Map<string, string>()
  let pageStarted = performance.now()
  const { data: categories } = await query.graph({ entity: "product_category", fields: ["id", "handle"] })
  for (const c of categories as Array<{ id: string; handle: string }>) {
    categoryHandles.set(c.id, c.handle)
    // keyset pages (after the last id), not offsets: an offset re-reads every row before it
    for (let after: string | null = null; ; ) {
      await between(paced, pageStarted, standAside)
      pageStarted = performance.now()
      const { data: members } = await query.graph({
        entity: "product",
        fields: ["id"],
        filters: { categories: { id: c.id }, ...(after ? { id: { $gt: after } } : {}) } as any,
        pagination: { take: CATEGORY_PAGE_SIZE, order: { id: "ASC" } },
      })
      for (const { id } of members as Array<{ id: string }>) {
        if (!wanted.has(id)) continue
        const list = categoriesByProduct.get(id)
        if (list) list.push(c.id)
        else categoriesByProduct.set(id, [c.id])
      }
      if (members.length < CATEGORY_PAGE_SIZE) break
      after = (members[members.length - 1] as { id: string }).id
    }
  }
  return { categoriesByProduct, categoryHandles }
}

/**
 * Cards and categories of the given products that can be sold now, a page of
 * PAGE_SIZE at a time (one product query and one availability computation each),
 * yielding between pages: a background reload of 100,000 products never holds
 * the event loop for more than one page's work. `categories` given (a full
 * load reads them apart, `loadCategories`), the product pages skip them.
 */
async function loadProducts(
  query: Omit<RemoteQueryFunction, symbol>,
  key: CatalogKey,
  productIds: string[],
  pageSize = PAGE_SIZE,
  categories?: Categories,
  paced = false,
  standAside?: StandAside
): Promise<CatalogParts> {
  const categoriesByProduct = categories?.categoriesByProduct ?? new Map<string, string[]>()
  const categoryHandles = categories?.categoryHandles ?? new Map<string, string>()
  const cards: ProductCard[] = []
  for (let i = 0, pageStarted = performance.now(); i < productIds.length; i += pageSize) {
    if (i > 0) await between(paced, pageStarted, standAside)
    pageStarted = performance.now()
    const { data: products } = await query.graph({
      entity: "product",
      fields: [
        "id",
        "title",
        "handle",
        "thumbnail",
        "status",
        ...(categories ? [] : ["categories.id", "categories.handle"]),
        "variants.id",
        "variants.manage_inventory",
        "variants.allow_backorder",
        "variants.calculated_price.calculated_amount",
        "variants.calculated_price.currency_code",
      ],
      filters: { id: productIds.slice(i, i + pageSize), status: "published" },
      context: {
        variants: {
          calculated_price: QueryContext({ region_id: key.regionId, currency_code: key.currencyCode }),
        },
      },
    })
    const managedVariantIds = (products as any[]).flatMap((p) =>
      (p.variants ?? []).filter((v: any) => v.manage_inventory && !v.allow_backorder).map((v: any) => v.id)
    )
    const availability = managedVariantIds.length
      ? await getVariantAvailability(query, { variant_ids: managedVariantIds, sales_channel_id: key.salesChannelId })
      : {}
    for (const p of products as any[]) {
      if (!categories) {
        const own = (p.categories ?? []).filter(Boolean)
        categoriesByProduct.set(
          p.id,
          own.map((c: any) => c.id)
        )
        for (const c of own) categoryHandles.set(c.id, c.handle)
      }

      // The cheapest variant that can be sold now and has a price in this currency.
      const sellable = (p.variants ?? [])
        .filter((v: any) => v.calculated_price?.calculated_amount != null)
        .filter((v: any) => !v.manage_inventory || v.allow_backorder || (availability[v.id]?.availability ?? 0) > 0)
        .sort((a: any, b: any) => toNumber(a.calculated_price.calculated_amount) - toNumber(b.calculated_price.calculated_amount))
      const variant = sellable[0]
      if (!variant) continue
      cards.push({
        id: p.id,
        title: p.title,
        handle: p.handle,
        thumbnail: p.thumbnail ?? null,
        variant_id: variant.id,
        amount: toNumber(variant.calculated_price.calculated_amount),
        currency_code: key.currencyCode,
        category_ids: categoriesByProduct.get(p.id) ?? [],
        // what a minimum-stock rule reads
        stock: variant.manage_inventory && !variant.allow_backorder ? toNumber(availability[variant.id]?.availability ?? 0) : null,
      })
    }
  }
  return { cards, categoriesByProduct, categoryHandles }
}

function snapshotOf(key: CatalogKey, parts: CatalogParts, priceBands: Record<string, PriceBands>): CatalogSnapshot {
  const bands = catalogPriceBands(
    parts.cards.map((c) => c.amount),
    priceBands[key.currencyCode.toLowerCase()]
  )
  return { ...parts, priceBands: bands, loadedAt: Date.now() }
}

/** The whole catalogue of a key, in bounded pages. */
export async function loadCatalog(
  query: Omit<RemoteQueryFunction, symbol>,
  key: CatalogKey,
  priceBands: Record<string, PriceBands> = {},
  pageSize = PAGE_SIZE,
  /** A background reload: paced between pages (`between`). */
  paced = false,
  standAside?: StandAside
): Promise<CatalogSnapshot> {
  const productIds = await channelProductIds(query, key)
  const categories = await loadCategories(query, productIds, paced, standAside)
  return snapshotOf(key, await loadProducts(query, key, productIds, pageSize, categories, paced, standAside), priceBands)
}

/**
 * `base` with the given products reloaded: a product no longer published,
 * in stock, priced or in the channel leaves it; a new one joins. A new
 * snapshot: the old one stays as it was for the requests still reading it.
 */
export async function patchCatalog(
  query: Omit<RemoteQueryFunction, symbol>,
  key: CatalogKey,
  base: CatalogSnapshot,
  productIds: string[],
  priceBands: Record<string, PriceBands> = {}
): Promise<CatalogSnapshot> {
  const loaded = await loadProducts(query, key, await channelProductIds(query, key, productIds))
  const changed = new Set(productIds)
  const categoriesByProduct = new Map(base.categoriesByProduct)
  for (const id of changed) categoriesByProduct.delete(id)
  for (const [id, c] of loaded.categoriesByProduct) categoriesByProduct.set(id, c)
  const categoryHandles = new Map([...base.categoryHandles, ...loaded.categoryHandles])
  const cards = [...base.cards.filter((c) => !changed.has(c.id)), ...loaded.cards]
  return snapshotOf(key, { cards, categoriesByProduct, categoryHandles }, priceBands)
}

/**
 * The interim snapshot served while a key's first full load runs: the
 * channel's `size` best sellers (sales popularity; the first products of the
 * channel for a store without sales), in one to five pages. Its price bands
 * are fitted to these products until the full snapshot replaces it.
 */
export async function loadInterimCatalog(
  query: Omit<RemoteQueryFunction, symbol>,
  key: CatalogKey,
  popularity: Map<string, number>,
  size: number,
  priceBands: Record<string, PriceBands> = {}
): Promise<CatalogSnapshot> {
  const best = [...popularity].sort((a, b) => b[1] - a[1]).slice(0, size * 2).map(([id]) => id)
  const inChannel = new Set(best.length ? await channelProductIds(query, key, best) : [])
  let ids = best.filter((id) => inChannel.has(id)).slice(0, size)
  if (ids.length < size) {
    const { data: links } = await query.graph({
      entity: "product_sales_channel",
      fields: ["product_id"],
      filters: { sales_channel_id: key.salesChannelId },
      pagination: { take: size, order: { product_id: "ASC" } },
    })
    ids = [...new Set([...ids, ...(links as Array<{ product_id: string }>).map((l) => l.product_id)])].slice(0, size)
  }
  return snapshotOf(key, await loadProducts(query, key, ids), priceBands)
}

export type CatalogWithPopularity = CatalogSnapshot & { popularity: Map<string, number> }

type CatalogOptions = {
  catalogCacheTtlSeconds: number
  catalogFullReloadSeconds: number
  catalogFirstLoadWaitMs: number
  catalogInterimProducts: number
  priceBands: Record<string, PriceBands>
}

type CatalogRl = {
  getOptions(): CatalogOptions
  getPopularity(): Promise<Map<string, number>>
}

const cacheKey = (key: CatalogKey) => `${key.salesChannelId}|${key.regionId}|${key.currencyCode}`

function catalogLoaders(
  query: Omit<RemoteQueryFunction, symbol>,
  rl: CatalogRl,
  key: CatalogKey,
  logger?: { warn(message: string): void }
): CatalogLoaders {
  const options = rl.getOptions()
  return {
    full: (background, standAside) => loadCatalog(query, key, options.priceBands, PAGE_SIZE, background, standAside),
    patch: (base, ids) => patchCatalog(query, key, base, ids, options.priceBands),
    changedSince: (since) => productsChangedSince(query, key, new Date(since)),
    interim:
      options.catalogInterimProducts > 0
        ? async () => loadInterimCatalog(query, key, await rl.getPopularity(), options.catalogInterimProducts, options.priceBands)
        : undefined,
    onError: (e) => logger?.warn(`rl-agent: catalogue load failed, serving the previous or interim snapshot: ${e.message}`),
  }
}

/** Loads the key's snapshot unless this process holds one (the boot's warm-up, warm-up.ts). */
export async function warmCatalog(
  query: Omit<RemoteQueryFunction, symbol>,
  rl: CatalogRl,
  key: CatalogKey,
  logger?: { warn(message: string): void }
): Promise<void> {
  await catalogCache.warm(cacheKey(key), rl.getOptions().catalogCacheTtlSeconds * 1000, catalogLoaders(query, rl, key, logger))
}

/**
 * The key's snapshot from the stale-while-revalidate cache (catalog-cache.ts:
 * only an empty cache makes a request wait, and at most
 * `catalogFirstLoadWaitMs`), with the agent module's current
 * sales popularity (cached there, and dropped there whenever the statistics
 * are rebuilt). Steps share it by key rather than passing it between them:
 * workflow step outputs are checkpointed, a catalogue is not.
 */
export async function getCatalog(
  query: Omit<RemoteQueryFunction, symbol>,
  rl: CatalogRl,
  key: CatalogKey,
  logger?: { warn(message: string): void }
): Promise<CatalogWithPopularity> {
  const options = rl.getOptions()
  const [catalog, popularity] = await Promise.all([
    catalogCache.get(
      cacheKey(key),
      options.catalogCacheTtlSeconds * 1000,
      catalogLoaders(query, rl, key, logger),
      options.catalogFullReloadSeconds * 1000,
      { firstLoadWaitMs: options.catalogFirstLoadWaitMs }
    ),
    rl.getPopularity(),
  ])
  return { ...catalog, popularity }
}

export type { StoreDefaults }

/**
 * The store's default region and currency and all its regions with their
 * countries: what `pickRegion` chooses from for a shopper without a cart.
 * The agent module caches it like the catalogue (a change in the admin
 * shows within `catalogCacheTtlSeconds`).
 */
export async function getStoreDefaults(
  query: Omit<RemoteQueryFunction, symbol>,
  rl: { cachedStoreDefaults(load: () => Promise<StoreDefaults>): Promise<StoreDefaults> }
): Promise<StoreDefaults> {
  return rl.cachedStoreDefaults(async () => {
    const [{ data: stores }, { data: regions }] = await Promise.all([
      query.graph({
        entity: "store",
        fields: ["default_region_id", "supported_currencies.currency_code", "supported_currencies.is_default"],
      }),
      query.graph({ entity: "region", fields: ["id", "currency_code", "created_at", "countries.iso_2"] }),
    ])
    return {
      regionId: stores[0]?.default_region_id ?? null,
      defaultCurrency: stores[0]?.supported_currencies?.find((c: any) => c.is_default)?.currency_code ?? null,
      regions: [...regions]
        .sort((a: any, b: any) => new Date(a.created_at).getTime() - new Date(b.created_at).getTime() || a.id.localeCompare(b.id))
        .map((r: any) => ({
          id: r.id,
          currency_code: String(r.currency_code).toLowerCase(),
          countries: (r.countries ?? []).map((c: any) => String(c.iso_2).toLowerCase()),
        })),
    }
  })
}
