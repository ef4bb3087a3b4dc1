import type { StoreDefaults } from "./region"
import type { RemoteQueryFunction } from "@medusajs/framework/types"
import { toNumber } from "../utils/to-number"
import { QueryContext, getVariantAvailability } from "@medusajs/framework/utils"
import type { ProductCard } from "../../learning/ranking"
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

const PAGE_SIZE = 500

/**
 * Loads the catalogue in bounded pages: one product query (with prices) per
 * 500 products, plus one availability computation for all variants.
 */
export async function loadCatalog(
  query: Omit<RemoteQueryFunction, symbol>,
  key: CatalogKey,
  priceBands: Record<string, PriceBands> = {}
): Promise<CatalogSnapshot> {
  const { data: links } = await query.graph({
    entity: "product_sales_channel",
    fields: ["product_id"],
    filters: { sales_channel_id: key.salesChannelId },
  })
  const productIds = [...new Set((links as Array<{ product_id: string }>).map((l) => l.product_id))]

  const products: any[] = []
  for (let i = 0; i < productIds.length; i += PAGE_SIZE) {
    const { data } = await query.graph({
      entity: "product",
      fields: [
        "id",
        "title",
        "handle",
        "thumbnail",
        "status",
        "categories.id",
        "categories.handle",
        "variants.id",
        "variants.manage_inventory",
        "variants.allow_backorder",
        "variants.calculated_price.calculated_amount",
        "variants.calculated_price.currency_code",
      ],
      filters: { id: productIds.slice(i, i + PAGE_SIZE), status: "published" },
      context: {
        variants: {
          calculated_price: QueryContext({ region_id: key.regionId, currency_code: key.currencyCode }),
        },
      },
    })
    products.push(...data)
  }

  const managedVariantIds = products.flatMap((p) =>
    (p.variants ?? []).filter((v: any) => v.manage_inventory && !v.allow_backorder).map((v: any) => v.id)
  )
  const availability = managedVariantIds.length
    ? await getVariantAvailability(query, {
        variant_ids: managedVariantIds,
        sales_channel_id: key.salesChannelId,
      })
    : {}

  const categoriesByProduct = new Map<string, string[]>()
  const categoryHandles = new Map<string, string>()
  const cards: ProductCard[] = []
  for (const p of products) {
    const categories = (p.categories ?? []).filter(Boolean)
    categoriesByProduct.set(
      p.id,
      categories.map((c: any) => c.id)
    )
    for (const c of categories) categoryHandles.set(c.id, c.handle)

    // The cheapest variant that can be sold now and has a price in this currency.
    const sellable = (p.variants ?? [])
      .filter((v: any) => v.calculated_price?.calculated_amount != null)
      .filter(
        (v: any) =>
          !v.manage_inventory || v.allow_backorder || (availability[v.id]?.availability ?? 0) > 0
      )
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
    })
  }
  const bands = catalogPriceBands(
    cards.map((c) => c.amount),
    priceBands[key.currencyCode.toLowerCase()]
  )
  return { cards, categoriesByProduct, categoryHandles, priceBands: bands, loadedAt: Date.now() }
}

/**
 * Per-process cache of catalogue snapshots with a TTL and single flight, so
 * a burst of requests loads the catalogue once. Staleness is bounded by the
 * TTL; `invalidate()` drops everything (product events call it).
 */
export class CatalogCache {
  protected entries = new Map<string, { snapshot: CatalogSnapshot; expiresAt: number }>()
  protected loading = new Map<string, Promise<CatalogSnapshot>>()

  async get(
    key: CatalogKey,
    ttlMs: number,
    load: () => Promise<CatalogSnapshot>
  ): Promise<CatalogSnapshot> {
    const k = `${key.salesChannelId}|${key.regionId}|${key.currencyCode}`
    const hit = this.entries.get(k)
    if (hit && hit.expiresAt > Date.now()) return hit.snapshot
    const pending = this.loading.get(k)
    if (pending) return pending
    const promise = load()
      .then((snapshot) => {
        if (ttlMs > 0) this.entries.set(k, { snapshot, expiresAt: Date.now() + ttlMs })
        return snapshot
      })
      .finally(() => this.loading.delete(k))
    this.loading.set(k, promise)
    return promise
  }

  invalidate(): void {
    this.entries.clear()
  }
}

export const catalogCache = new CatalogCache()

export type CatalogWithPopularity = CatalogSnapshot & { popularity: Map<string, number> }

/**
 * The cached snapshot for a key, loading it (products, prices, stock) on a
 * miss, with the agent module's current sales popularity (cached there, and
 * dropped there whenever the statistics are rebuilt). Steps share it by key
 * rather than passing it between them: workflow step outputs are
 * checkpointed, a catalogue is not.
 */
export async function getCatalog(
  query: Omit<RemoteQueryFunction, symbol>,
  rl: {
    getOptions(): { catalogCacheTtlSeconds: number; priceBands: Record<string, PriceBands> }
    getPopularity(): Promise<Map<string, number>>
  },
  key: CatalogKey
): Promise<CatalogWithPopularity> {
  const options = rl.getOptions()
  const ttlMs = options.catalogCacheTtlSeconds * 1000
  const [catalog, popularity] = await Promise.all([
    catalogCache.get(key, ttlMs, () => loadCatalog(query, key, options.priceBands)),
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
