/**
 * Loads the catalogue snapshots a server process will serve when it starts,
 * in the background, so the first shoppers after a restart do not wait for
 * them: a full load of 100,000 products takes minutes (docs/performance.md).
 * The keys are every sales channel a publishable key is linked to, for every
 * region (in its currency): what the storefront routes can be asked for.
 * One key at a time, each load yielding between its pages.
 *
 * It starts from the API layer (src/api/middlewares.ts) because that is the
 * part of a plugin Medusa loads only in a process that serves HTTP: not in a
 * `worker` process, nor in `medusa exec` (which runs the modules' start hooks
 * too). Its failures are logged; a key it could not load is loaded by its
 * first request, as without it.
 */
import { container as appContainer } from "@medusajs/framework"
import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { RL_AGENT_MODULE } from "../../modules/rl-agent"
import type RlAgentModuleService from "../../modules/rl-agent/service"
import { getStoreDefaults, warmCatalog, type CatalogKey } from "./catalog"

/** After the route loader: lets the rest of the boot (start hooks, defaults) finish first. */
export const WARM_UP_DELAY_MS = 5_000
/** A store with more sales channels × regions than this warms the first ones; the others load on first request. */
export const MAX_WARM_KEYS = 24

/** The keys to warm: each sales channel with a publishable key × each region. */
export async function warmUpKeys(container: MedusaContainer): Promise<CatalogKey[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const [{ data: keys }, defaults] = await Promise.all([
    query.graph({ entity: "api_key", fields: ["id", "revoked_at", "sales_channels.id"], filters: { type: "publishable" } }),
    getStoreDefaults(query, rl),
  ])
  const channels = [
    ...new Set(
      (keys as any[]).filter((k) => !k.revoked_at).flatMap((k) => (k.sales_channels ?? []).filter(Boolean).map((c: { id: string }) => c.id))
    ),
  ].sort()
  return channels.flatMap((salesChannelId) =>
    defaults.regions.map((r) => ({ salesChannelId, regionId: r.id, currencyCode: r.currency_code }))
  )
}

export type WarmUpResult = { keys: number; loaded: number; failed: number; skipped: number; ms: number }

/** Loads each key's snapshot that this process does not hold yet, one after another. */
export async function warmCatalogs(container: MedusaContainer): Promise<WarmUpResult> {
  const started = performance.now()
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const all = await warmUpKeys(container)
  const keys = all.slice(0, MAX_WARM_KEYS)
  let loaded = 0
  let failed = 0
  for (const key of keys) {
    try {
      await warmCatalog(query, rl, key, logger)
      loaded++
    } catch (e) {
      failed++
      logger.warn(`rl-agent: catalogue warm-up of ${key.salesChannelId}/${key.regionId} failed (its first request loads it): ${(e as Error).message}`)
    }
  }
  const result = { keys: keys.length, loaded, failed, skipped: all.length - keys.length, ms: Math.round(performance.now() - started) }
  if (keys.length) {
    logger.info(
      `rl-agent: catalogue warm-up: ${loaded} of ${keys.length} snapshots in ${(result.ms / 1000).toFixed(1)} s` +
        (result.skipped ? ` (${result.skipped} more sales channel × region pairs load on their first request)` : "")
    )
  }
  return result
}

let scheduled = false

/**
 * Schedules the warm-up once per process (the API layer calls it when Medusa
 * loads the routes), unless the `catalogWarmUp` option turns it off. The timer
 * does not hold the process open.
 */
export function scheduleCatalogWarmUp(container: MedusaContainer = appContainer, delayMs = WARM_UP_DELAY_MS): void {
  if (scheduled) return
  scheduled = true
  setTimeout(() => {
    let rl: RlAgentModuleService
    try {
      rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
    } catch {
      return // the process is shutting down, or the module is not registered
    }
    if (!rl.getOptions().catalogWarmUp || rl.getOptions().catalogCacheTtlSeconds <= 0) return
    warmCatalogs(container).catch((e) =>
      container.resolve<Logger>(ContainerRegistrationKeys.LOGGER).warn(`rl-agent: catalogue warm-up failed: ${(e as Error).message}`)
    )
  }, delayMs).unref()
}
