/**
 * A full catalogue load at several page sizes, in a demo store's process:
 *
 *   npm run bench:profile -- --keep          # once: a store with the full data set
 *   cd .cache/bench-profile && DATABASE_URL=postgres://postgres@127.0.0.1:5432/rl_bench_profile \
 *     npx medusa exec ../../bench/scripts/catalog-pages.ts
 *
 * For pages of 500, 250 and 100 products (three times each, after one warm-up
 * load), prints the load's wall time and CPU, the longest stretch the event
 * loop was held (a 1 ms timer's largest gap) and the loop delay's p99: what a
 * request arriving during a background reload waits behind.
 */
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { monitorEventLoopDelay } from "perf_hooks"
import { loadCatalog } from "../../src/workflows/recommendations/catalog"

export default async function catalogPages({ container }: ExecArgs) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: channels } = await query.graph({ entity: "sales_channel", fields: ["id"] })
  const { data: regions } = await query.graph({ entity: "region", fields: ["id", "currency_code"] })
  const key = { salesChannelId: channels[0].id, regionId: regions[0].id, currencyCode: regions[0].currency_code }
  await loadCatalog(query, key)
  const rows: string[] = []
  for (const size of [500, 250, 100, 500, 250, 100, 500, 250, 100]) {
    let longest = 0
    let last = performance.now()
    const timer = setInterval(() => {
      const now = performance.now()
      longest = Math.max(longest, now - last)
      last = now
    }, 1)
    const delay = monitorEventLoopDelay({ resolution: 1 })
    delay.enable()
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    const snapshot = await loadCatalog(query, key, {}, size)
    const wall = performance.now() - t0
    const cpu = process.cpuUsage(cpu0)
    clearInterval(timer)
    delay.disable()
    rows.push(
      `| ${size} | ${snapshot.cards.length} | ${wall.toFixed(0)} | ${((cpu.user + cpu.system) / 1000).toFixed(0)} | ${longest.toFixed(1)} | ${(delay.percentile(99) / 1e6).toFixed(1)} |`
    )
  }
  console.log(`| page | cards | wall ms | CPU ms | longest block ms | loop delay p99 ms |\n| ---: | ---: | ---: | ---: | ---: | ---: |\n${rows.join("\n")}`)
}
