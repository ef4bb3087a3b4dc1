import { describe, expect, it } from "vitest"
import { SessionKnn } from "../session-knn"

const ids = ["a", "b", "c", "d", "e", "f"]

function scores(knn: SessionKnn, cart: string[]) {
  const out = new Map<string, number>()
  knn.score(cart, (i, v) => out.set(ids[i], (out.get(ids[i]) ?? 0) + v))
  return out
}

describe("session-kNN", () => {
  it("scores products by the summed cosine of the neighbour baskets that hold them", () => {
    const knn = new SessionKnn(ids, [["a", "b"], ["a", "b", "c"], ["d", "e"], ["a", "f", "d", "e"]], { neighbours: 10, sample: 10, maxBasketProducts: 10 })
    const s = scores(knn, ["a", "b"])
    // neighbours: {a,b} 2/√4 = 1, {a,b,c} 2/√6, {a,f,d,e} 1/√8; {d,e} shares nothing
    expect(s.get("c")).toBeCloseTo(2 / Math.sqrt(6), 12)
    expect(s.get("f")).toBeCloseTo(1 / Math.sqrt(8), 12)
    expect(s.get("d")).toBeCloseTo(1 / Math.sqrt(8), 12)
    expect(s.get("a")).toBeCloseTo(1 + 2 / Math.sqrt(6) + 1 / Math.sqrt(8), 12)
    expect(s.has("x")).toBe(false)
  })

  it("keeps the most similar neighbours among the most recent baskets sampled, and skips oversized baskets", () => {
    const fit = [["a", "c"], ["a", "d"], ["a", "e"], ["a", "b", "c", "d", "e", "f"]]
    const knn = new SessionKnn(ids, fit, { neighbours: 1, sample: 2, maxBasketProducts: 5 })
    // the six-product basket is out; of the two most recent ({a,d}, {a,e}) the later wins the tie
    expect([...scores(knn, ["a"]).keys()].sort()).toEqual(["a", "e"])
    expect(scores(knn, ["zzz"]).size).toBe(0)
  })
})
