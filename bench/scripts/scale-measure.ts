/**
 * Run by `npm run bench:scale` inside the benchmark's store (`medusa exec`,
 * with --expose-gc): the full statistics refresh (time, and the process's
 * peak RSS after it), then what one server process holds for this store —
 * the catalogue snapshot of the store's sales channel and region, and the
 * sales popularity — as retained heap after a full GC. One JSON line.
 */
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { loadCatalog, loadInterimCatalog } from "../../src/workflows/recommendations/catalog"

const gc = (globalThis as any).gc as (() => void) | undefined
const heapMb = () => {
  gc?.()
  gc?.()
  return process.memoryUsage().heapUsed / 2 ** 20
}

export default async function scaleMeasure({ container }: ExecArgs) {
  if (!gc) throw new Error("run with NODE_OPTIONS=--expose-gc")
  const rl = container.resolve<any>("rlAgent")
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const started = Date.now()
  const refresh = await rl.refreshStatistics()
  const refreshMs = Date.now() - started
  const refreshPeakRssMb = process.resourceUsage().maxRSS / 1024

  const { data: channels } = await query.graph({ entity: "sales_channel", fields: ["id"] })
  const { data: regions } = await query.graph({ entity: "region", fields: ["id", "currency_code"] })
  const key = { salesChannelId: channels[0].id, regionId: regions[0].id, currencyCode: regions[0].currency_code }
  const before = heapMb()
  const loadStarted = Date.now()
  const snapshot = await loadCatalog(query as any, key)
  const catalogLoadMs = Date.now() - loadStarted
  const withCatalog = heapMb()
  const popularity = await rl.getPopularity()
  const withPopularity = heapMb()
  // what a request is answered from while a first full load runs (catalogInterimProducts, 500)
  const interimStarted = Date.now()
  const interim = await loadInterimCatalog(query as any, key, popularity, 500)
  const interimLoadMs = Date.now() - interimStarted
  console.log(
    `RL_BENCH ${JSON.stringify({
      refresh,
      refreshMs,
      refreshPeakRssMb,
      cards: snapshot.cards.length,
      catalogLoadMs,
      catalogMb: withCatalog - before,
      popularityEntries: popularity.size,
      popularityMb: withPopularity - withCatalog,
      interimCards: interim.cards.length,
      interimLoadMs,
    })}`
  )
}
