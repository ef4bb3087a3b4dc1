import { describe, expect, it } from "vitest"
import { MicroBatcher } from "../micro-batcher"

describe("MicroBatcher", () => {
  it("batches concurrent items and settles each with its own result", async () => {
    const batches: number[][] = []
    const b = new MicroBatcher<number, number>(async (items) => {
      batches.push(items)
      return items.map((i) => (i === 3 ? new Error("bad 3") : i * 10))
    }, 4, 5)
    const results = await Promise.allSettled([1, 2, 3, 4, 5, 6].map((i) => b.push(i)))
    expect(batches).toEqual([[1, 2, 3, 4], [5, 6]])
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual([
      10, 20, "bad 3", 40, 50, 60,
    ])
  })

  it("rejects every item of a batch that throws", async () => {
    const b = new MicroBatcher<number, number>(async () => {
      throw new Error("db down")
    })
    const results = await Promise.allSettled([b.push(1), b.push(2)])
    expect(results.every((r) => r.status === "rejected" && (r.reason as Error).message === "db down")).toBe(true)
  })

  it("flushes a lone item after the wait", async () => {
    const b = new MicroBatcher<number, number>(async (items) => items, 100, 1)
    await expect(b.push(7)).resolves.toBe(7)
  })
})
