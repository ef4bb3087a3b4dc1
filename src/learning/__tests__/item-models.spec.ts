import { describe, expect, it } from "vitest"
import { fitEase, fitRp3beta, invertSpd, productsByBaskets, rp3betaRows } from "../item-models"

describe("invertSpd", () => {
  it("inverts a symmetric positive definite matrix", () => {
    const a = Float64Array.from([4, 1, 0, 1, 3, 1, 0, 1, 2])
    const inv = Float64Array.from(a)
    invertSpd(inv, 3)
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0
        for (let k = 0; k < 3; k++) s += a[i * 3 + k] * inv[k * 3 + j]
        expect(s).toBeCloseTo(i === j ? 1 : 0, 12)
      }
  })
})

describe("EASE^R", () => {
  const baskets = [["a", "b"], ["a", "b"], ["a", "b", "c"], ["c", "d"], ["c", "d"], ["d"]]
  it("scores the products bought with a product above those never bought with it, never itself", () => {
    const m = fitEase(baskets, { lambda: 0.5, maxProducts: 10, topN: 10 })
    const a = m.get("a")!.map((r) => r.productId)
    expect(a[0]).toBe("b")
    expect(a).not.toContain("a")
    expect(a).not.toContain("d")
    expect(m.get("d")!.map((r) => r.productId)[0]).toBe("c")
  })

  it("is the closed form B = −P / diag(P): a 2-product catalogue gives G_ab / (G_bb + λ)", () => {
    // G = [[2, 1], [1, 1]] for baskets {a, b}, {a}; P = (G + λI)⁻¹; B_ab = −P_ab / P_bb = G_ab / (G_aa + λ)
    const m = fitEase([["a", "b"], ["a"]], { lambda: 1, maxProducts: 2, topN: 5 })
    expect(m.get("b")![0]).toMatchObject({ productId: "a" })
    expect(m.get("b")![0].score).toBeCloseTo(1 / (1 + 1), 12)
    expect(m.get("a")![0].score).toBeCloseTo(1 / (2 + 1), 12)
  })

  it("fits only the products in most baskets", () => {
    const skewed = [["a", "b"], ["a", "c"], ["a", "b"], ["d"]]
    expect(productsByBaskets(skewed)).toEqual(["a", "b", "c", "d"])
    expect([...fitEase(skewed, { maxProducts: 2 }).keys()]).toEqual(["a", "b"])
  })
})

describe("RP3beta", () => {
  it("walks product → basket → product and damps popular targets with β", () => {
    const baskets = [["a", "pop"], ["a", "pop"], ["a", "niche"], ["pop", "x"], ["pop", "y"], ["pop", "z"]]
    const plain = fitRp3beta(baskets, { alpha: 1, beta: 0 }).get("a")!.map((r) => r.productId)
    expect(plain[0]).toBe("pop")
    const damped = fitRp3beta(baskets, { alpha: 1, beta: 1 }).get("a")!.map((r) => r.productId)
    expect(damped[0]).toBe("niche")
  })

  it("gives the same lists over baskets of indexes, in any product order, as over product ids", () => {
    const baskets = [["a", "b", "c"], ["a", "b"], ["b", "c", "d"], ["d", "e"], ["a", "e", "b"], ["c"]]
    const ids = ["e", "d", "c", "b", "a"] // the store's order (by id descending here), not the evaluation's
    const at = new Map(ids.map((id, i) => [id, i]))
    const rows = new Map(rp3betaRows(ids, baskets.map((b) => b.map((p) => at.get(p)!)), { alpha: 0.7, beta: 0.5 }))
    expect(rows).toEqual(fitRp3beta(baskets, { alpha: 0.7, beta: 0.5 }))
    expect(rows.get("a")!.length).toBeGreaterThan(0)
  })
})
