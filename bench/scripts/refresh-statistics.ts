/**
 * Run by `npm run bench:statistics` inside the benchmark's store
 * (`medusa exec`): the full statistics refresh, `RL_BENCH_RUNS` times, each
 * run's result printed as one JSON line.
 */
import type { ExecArgs } from "@medusajs/framework/types"

export default async function refreshStatisticsBench({ container }: ExecArgs) {
  const rl = container.resolve<{ refreshStatistics(): Promise<Record<string, number>> }>("rlAgent")
  const runs = Number(process.env.RL_BENCH_RUNS ?? 3)
  for (let i = 0; i < runs; i++) {
    const result = await rl.refreshStatistics()
    console.log(`RL_BENCH ${JSON.stringify(result)}`)
  }
}
