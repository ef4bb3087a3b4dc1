import { describe, expect, it } from "vitest"
import { GroupCommit, MicroBatcher } from "../micro-batcher"

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

describe("GroupCommit", () => {
  it("writes a lone item at once, and what arrives during a write together in the next", async () => {
    const writes: number[][] = []
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const g = new GroupCommit<number, number>(async (items) => {
      writes.push(items)
      if (writes.length === 1) await gate
      return items.map((i) => i * 10)
    }, 3)
    const first = g.push(1)
    expect(writes).toEqual([[1]])
    const rest = [2, 3, 4, 5].map((i) => g.push(i))
    expect(writes).toEqual([[1]])
    release()
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40, 50])
    expect(writes).toEqual([[1], [2, 3, 4], [5]])
    expect(g.stats).toEqual({ writes: 3, items: 5 })
  })

  it("rejects the items of a failed write only, and goes on with the next", async () => {
    let calls = 0
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const g = new GroupCommit<number, number>(async (items) => {
      calls++
      if (calls === 1) {
        await gate
        throw new Error("db down")
      }
      return items
    })
    const first = g.push(1)
    const second = g.push(2)
    release()
    await expect(first).rejects.toThrow("db down")
    await expect(second).resolves.toBe(2)
    // idle again: the next item is written at once
    await expect(g.push(3)).resolves.toBe(3)
  })

  it("rejects an item whose own result is an error, and no other", async () => {
    const g = new GroupCommit<number, number>(async (items) => items.map((i) => (i === 2 ? new Error("bad 2") : i)))
    const results = await Promise.allSettled([g.push(1), g.push(2), g.push(3)])
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual([1, "bad 2", 3])
  })
})
