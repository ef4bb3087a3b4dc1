/**
 * npm run bench:core -- [--seconds 3] [--states 10000]
 *
 * Decisions per second of the pure learning core, in-process (no database):
 * the state key, the ε-greedy choice over six Q values and the Q update.
 * Three loops, each for --seconds, medians of five runs.
 */
import { selectStrategy } from "../src/learning/policy"
import { createRng } from "../src/learning/rng"
import { emptyContext, stateKey } from "../src/learning/state"
import { STRATEGIES, type Strategy } from "../src/learning/strategies"
import { maxQ, qUpdate } from "../src/learning/update"
import { arg, printTable } from "./util"

const seconds = arg("seconds", 3)
const states = arg("states", 10_000)
const rng = createRng(1)

// a Q-table of `states` states, six values each, as the store's cache would hold it
const keys: string[] = []
const table = new Map<string, Record<Strategy, number>>()
for (let i = 0; i < states; i++) {
  const ctx = emptyContext({
    cartTotal: rng() * 300,
    itemCount: Math.floor(rng() * 12),
    secondsInSession: rng() * 3600,
    priceSensitivity: rng(),
    engagementLevel: rng(),
    hour: i % 24,
    weekday: i % 7,
    country: ["gb", "de", "fr", "nl", "es"][i % 5],
    device: (["desktop", "mobile", "tablet"] as const)[i % 3],
  })
  const key = stateKey(ctx) + `|${i}`
  keys.push(key)
  table.set(key, Object.fromEntries(STRATEGIES.map((s) => [s, rng()])) as Record<Strategy, number>)
}
const contexts = Array.from({ length: 1024 }, (_, i) =>
  emptyContext({ cartTotal: i % 300, itemCount: i % 12, hour: i % 24, weekday: i % 7, country: "gb", device: "mobile" })
)

function loop(name: string, body: (i: number) => void): { name: string; ops: number } {
  const runs: number[] = []
  for (let r = 0; r < 5; r++) {
    let n = 0
    const end = performance.now() + (seconds * 1000) / 5
    while (performance.now() < end) {
      for (let k = 0; k < 1000; k++) body(n++)
    }
    runs.push(n / (seconds / 5))
  }
  runs.sort((a, b) => a - b)
  return { name, ops: runs[2] }
}

let sink = 0
const results = [
  loop("state key", (i) => {
    sink += stateKey(contexts[i & 1023]).length
  }),
  loop("ε-greedy choice (lookup + select)", (i) => {
    const q = table.get(keys[i % states])!
    sink += selectStrategy(q, 0.1, rng).propensity
  }),
  loop("Q update (max Q(s') + α step)", (i) => {
    const q = table.get(keys[i % states])!
    const next = table.get(keys[(i + 1) % states])!
    q.popular = qUpdate(q.popular, 0.5, maxQ(next), 0.01, 0.95, false)
    sink += q.popular
  }),
  loop("full decision (key + choice + update)", (i) => {
    const key = stateKey(contexts[i & 1023])
    const q = table.get(keys[i % states])!
    const choice = selectStrategy(q, 0.1, rng)
    q[choice.strategy] = qUpdate(q[choice.strategy], 0.5, maxQ(q), 0.01, 0.95, false)
    sink += key.length
  }),
]
printTable(results.map((r) => ({ loop: r.name, "ops/s (median of 5)": Math.round(r.ops).toLocaleString("en-GB"), "µs/op": (1e6 / r.ops).toFixed(2) })))
console.log(`\n${states.toLocaleString("en-GB")} states, ${seconds} s per loop, Node ${process.version} (checksum ${sink > 0 ? "ok" : "?"})`)
