import { describe, expect, it } from "vitest"
import { coPurchaseNeighbours, relatedScores } from "../co-purchase"

const baskets = [
  ["a", "b", "c"],
  ["a", "b"],
  ["a", "b", "d"],
  ["c", "d"],
  ["c", "d", "a"],
  ["e"],
  ["a", "a", "b"], // repeated lines of one product count once
]

describe("coPurchaseNeighbours", () => {
  it("scores pairs by the cosine of their basket sets and drops pairs below the support", () => {
    const n = coPurchaseNeighbours(baskets, { minShared: 2 })
    // a in 5 baskets, b in 4, shared 4 → 4/sqrt(20)
    expect(n.get("a")![0]).toEqual({ productId: "b", shared: 4, score: 4 / Math.sqrt(20) })
    // a–c and a–d share 2 of (5, 3): tied, then by id
    expect(n.get("a")!.map((r) => r.productId)).toEqual(["b", "c", "d"])
    expect(n.get("c")!.map((r) => [r.productId, r.shared])).toEqual([["d", 2], ["a", 2]])
    expect(n.has("e")).toBe(false)
    expect(coPurchaseNeighbours(baskets, { minShared: 5 }).size).toBe(0)
  })

  it("keeps the top N and skips baskets over the size cap", () => {
    expect(coPurchaseNeighbours(baskets, { minShared: 1, topN: 1 }).get("a")).toHaveLength(1)
    const capped = coPurchaseNeighbours(baskets, { minShared: 1, maxBasketProducts: 2 })
    // only the two-product baskets count; basket counts still include the big ones
    expect(capped.get("a")!.find((r) => r.productId === "b")).toEqual({ productId: "b", shared: 2, score: 2 / Math.sqrt(20) })
    expect(capped.get("a")!.find((r) => r.productId === "c")).toBeUndefined()
  })

  it("gives the same lists from the dense and the sparse counter", () => {
    const rnd = (() => { let x = 7; return () => ((x = (x * 48271) % 2147483647) / 2147483647) })()
    const many = Array.from({ length: 400 }, () =>
      Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => `p${Math.floor(rnd() * 60)}`)
    )
    const dense = coPurchaseNeighbours(many, { minShared: 1 })
    const sparse = coPurchaseNeighbours(many, { minShared: 1, maxDenseProducts: 10 })
    expect(dense.size).toBeGreaterThan(50)
    expect([...sparse.entries()]).toEqual([...dense.entries()])
  })
})

describe("relatedScores", () => {
  it("sums neighbour scores over the seeds and never returns a seed", () => {
    const n = coPurchaseNeighbours(baskets, { minShared: 1 })
    const s = relatedScores(n, ["a", "b"])
    expect(s.has("a")).toBe(false)
    expect(s.has("b")).toBe(false)
    const c = n.get("a")!.find((r) => r.productId === "c")!.score + n.get("b")!.find((r) => r.productId === "c")!.score
    expect(s.get("c")).toBeCloseTo(c, 12)
  })
})
