/**
 * The purchase history and what is derived from it: purchases recorded and
 * erased, the nightly and per-order statistics refreshes, and the per-request
 * reads of the recommendation route (the cart, relevance, popularity, the
 * customer's profile, the history clock, the store's defaults) with their
 * caches, which a refresh drops.
 */
import type { Context } from "@medusajs/framework/types"
import { InjectManager, InjectTransactionManager, MedusaContext } from "@medusajs/framework/utils"
import { STORE_RELEVANCE_OPTIONS, rp3betaRows } from "../../../learning/item-models"
import { historyClock } from "../../../learning/profile"
import { Cached, CachedByKey } from "../cached"
import { cartForRecommendationSql, type CartRow } from "../repositories/carts"
import { customerHistorySql, eraseCustomerSql, recordPurchasesSql, type PurchaseLine } from "../repositories/purchases"
import { hasManager, managerOf, sqlOrShared, type SqlManager } from "../repositories/sql"
import {
  fitPurchaseLowBandsSql,
  latestPurchaseAtSql,
  loadIndexedBasketsSql,
  popularitySql,
  refreshCustomerProfilesSql,
  refreshProductStatsSql,
  neighbourhoodSql,
  relevanceSql,
  type Relevance,
  type RelevanceSeeds,
  replaceCoPurchasesSql,
  type PopularityWindow,
} from "../repositories/statistics"
import type { CustomerHistory, StatisticsRefresh } from "../types/shapes"
import type { RlResolvedOptions, StoreDefaults } from "../types"

type Deps = { baseRepository: any; rlOptions: RlResolvedOptions }

export class StatisticsService {
  protected readonly baseRepository_: any
  protected readonly options_: RlResolvedOptions
  protected readonly ttl_ = () => this.options_.catalogCacheTtlSeconds * 1000
  // each currency's low band edge for price sensitivity: the option's, else fitted to the history;
  // refitted by the full statistics refresh and at most hourly, not on every order
  protected readonly lowBands_ = new Cached<Record<string, number>>(() => 3_600_000)
  // what the recommendation route reads per request, reused for catalogCacheTtlSeconds and
  // dropped when the statistics change
  protected readonly popularity_ = new CachedByKey<PopularityWindow, Map<string, number>>(this.ttl_)
  protected readonly latestPurchase_ = new Cached<Date | null>(this.ttl_)
  // a cart's co-purchase relevance: a storefront asks again for the same cart on every page it
  // shows the widget on, and the answer changes only with a statistics refresh. Bounded: carts
  // come from shoppers (each entry holds up to `limit` scores twice)
  protected readonly relevance_ = new CachedByKey<string, Relevance>(this.ttl_, 256)
  protected readonly neighbourhood_ = new CachedByKey<string, Map<string, number>>(this.ttl_, 256)
  // a store without a default region yet is asked again next time
  protected readonly storeDefaults_ = new Cached<StoreDefaults>(this.ttl_, (value) => !!value.regionId)

  constructor({ baseRepository, rlOptions }: Deps) {
    this.baseRepository_ = baseRepository
    this.options_ = rlOptions
  }

  lowBands(m: SqlManager, refit = false): Promise<Record<string, number>> {
    const configured = Object.fromEntries(Object.entries(this.options_.priceBands).map(([c, b]) => [c, b.low]))
    return this.lowBands_.get(() => fitPurchaseLowBandsSql(m, configured), refit)
  }

  @InjectManager()
  async recordPurchases(lines: PurchaseLine[], @MedusaContext() sharedContext: Context = {}): Promise<number> {
    return recordPurchasesSql(managerOf(sharedContext), lines)
  }

  @InjectTransactionManager()
  async eraseCustomer(
    customerId: string,
    customerHash: string | null,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ decisions: number; purchases: number }> {
    const m = managerOf(sharedContext)
    return eraseCustomerSql(m, customerId, customerHash, await this.lowBands(m))
  }

  @InjectTransactionManager()
  async refreshStatistics(@MedusaContext() sharedContext: Context = {}): Promise<StatisticsRefresh> {
    const started = Date.now()
    let mark = started
    const lap = () => -mark + (mark = Date.now())
    const m = managerOf(sharedContext)
    const products = await refreshProductStatsSql(m, null)
    const productsMs = lap()
    // RP3beta (the evaluation's strongest single model on this data) over every basket; pair counting is
    // Σ n² over baskets: sparse counters in memory beat a self-join in SQL by far. Each product's list
    // is written as it is computed: only one is in memory at a time
    const { ids, baskets } = await loadIndexedBasketsSql(m)
    const basketsMs = lap()
    const co_purchases = await replaceCoPurchasesSql(m, rp3betaRows(ids, baskets, STORE_RELEVANCE_OPTIONS))
    const coPurchasesMs = lap()
    const profiles = await refreshCustomerProfilesSql(m, null, await this.lowBands(m, true))
    this.forgetDerived()
    return {
      products,
      co_purchases,
      profiles,
      duration_ms: Date.now() - started,
      phases_ms: { products: productsMs, baskets: basketsMs, co_purchases: coPurchasesMs, profiles: lap() },
    }
  }

  @InjectTransactionManager()
  async refreshAfterPurchase(
    input: { customer_ids: string[]; product_ids: string[] },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ profiles: number; products: number }> {
    const m = managerOf(sharedContext)
    const profiles = await refreshCustomerProfilesSql(m, [...new Set(input.customer_ids)], await this.lowBands(m))
    const products = await refreshProductStatsSql(m, [...new Set(input.product_ids)])
    this.forgetDerived()
    return { profiles, products }
  }

  protected forgetDerived(): void {
    this.popularity_.clear()
    this.latestPurchase_.clear()
    this.relevance_.clear()
    this.neighbourhood_.clear()
  }

  async getHistoryClock(now: Date = new Date()): Promise<Date> {
    return historyClock(await this.latestPurchase_.get(() => this.loadLatestPurchaseAt_()), now)
  }

  @InjectManager()
  protected async loadLatestPurchaseAt_(@MedusaContext() sharedContext: Context = {}): Promise<Date | null> {
    return latestPurchaseAtSql(managerOf(sharedContext))
  }

  getPopularity(window: PopularityWindow = this.options_.popularityWindow): Promise<Map<string, number>> {
    return this.popularity_.get(window, () => this.loadPopularity_(window))
  }

  @InjectManager()
  protected async loadPopularity_(window: PopularityWindow, @MedusaContext() sharedContext: Context = {}): Promise<Map<string, number>> {
    return popularitySql(managerOf(sharedContext), window)
  }

  cachedStoreDefaults(load: () => Promise<StoreDefaults>): Promise<StoreDefaults> {
    return this.storeDefaults_.get(load)
  }

  invalidateStoreDefaults(): void {
    this.storeDefaults_.clear()
  }

  getCustomerHistory(customerId: string, sharedContext: Context = {}): Promise<CustomerHistory | null> {
    return customerHistorySql(sqlOrShared(sharedContext, this.baseRepository_), customerId)
  }

  getCart(cartId: string, sharedContext: Context = {}): Promise<CartRow | null> {
    return cartForRecommendationSql(sqlOrShared(sharedContext, this.baseRepository_), cartId)
  }

  getRelevance(seeds: RelevanceSeeds, limit: number, sharedContext: Context = {}): Promise<Relevance> {
    const load = () => relevanceSql(sqlOrShared(sharedContext, this.baseRepository_), seeds, limit)
    if (hasManager(sharedContext)) return load()
    // the cart's products are a set; the history's order is its ranking
    const anchors = seeds.anchorIds?.length ? `${[...seeds.anchorIds].sort().join(",")}*${seeds.anchorWeight ?? 1}` : ""
    const key = `${anchors}|${[...seeds.cartProductIds].sort().join(",")}|${seeds.historyProductIds.join(",")}|${seeds.historyWeight}|${limit}`
    return this.relevance_.get(key, load)
  }

  getNeighbourhood(anchorIds: string[], limit: number, sharedContext: Context = {}): Promise<Map<string, number>> {
    const load = () => neighbourhoodSql(sqlOrShared(sharedContext, this.baseRepository_), anchorIds, limit)
    if (hasManager(sharedContext)) return load()
    return this.neighbourhood_.get(`${[...anchorIds].sort().join(",")}|${limit}`, load)
  }

}
