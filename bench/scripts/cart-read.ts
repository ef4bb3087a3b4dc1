/**
 * The cart read of a recommendation, both ways, in a demo store's process:
 *
 *   npm run bench:profile -- --keep          # once: a store with the full data set
 *   cd .cache/bench-profile && DATABASE_URL=postgres://postgres@127.0.0.1:5432/rl_bench_profile \
 *     npx medusa exec ../../bench/scripts/cart-read.ts
 *
 * Reads the store's newest cart 2,000 times through the cart module's
 * service and 2,000 times in the plugin's one statement (after 200 warm-up
 * reads each, two rounds), and prints the wall time and CPU per read. The
 * two reads must agree, or it fails.
 */
import type { ExecArgs } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { readCartThroughModule } from "../../src/workflows/recommendations/serve/read-cart"

export default async function cartRead({ container }: ExecArgs) {
  const rl = container.resolve<any>("rlAgent")
  const [newest] = await container.resolve(Modules.CART).listCarts({}, { take: 1, order: { created_at: "DESC" } })
  if (!newest) throw new Error("no cart in this store: run a benchmark against it first")
  const id = newest.id
  const reads = { module: () => readCartThroughModule(container, id), sql: () => rl.getCart(id) }
  const [a, b] = [await reads.module(), await reads.sql()]
  const sortItems = (c: any) => ({ ...c, items: [...c.items].sort((x: any, y: any) => `${x.product_id}`.localeCompare(`${y.product_id}`)) })
  if (JSON.stringify(sortItems(a)) !== JSON.stringify(sortItems(b))) throw new Error(`the reads disagree:\n${JSON.stringify(a)}\n${JSON.stringify(b)}`)
  const rows: string[] = []
  for (const round of [1, 2]) {
    for (const [name, read] of Object.entries(reads)) {
      for (let i = 0; i < 200; i++) await read()
      const n = 2000
      const cpu0 = process.cpuUsage()
      const t0 = performance.now()
      for (let i = 0; i < n; i++) await read()
      const cpu = process.cpuUsage(cpu0)
      const wall = (performance.now() - t0) / n
      rows.push(`| ${round} | ${name} | ${wall.toFixed(3)} | ${((cpu.user + cpu.system) / 1000 / n).toFixed(3)} |`)
    }
  }
  console.log(`cart ${id} with ${a!.items.length} line items\n\n| round | read | wall ms per read | CPU ms per read |\n| --- | --- | ---: | ---: |\n${rows.join("\n")}`)
}
