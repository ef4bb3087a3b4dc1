import { describe, expect, it } from "vitest"
import { RateLimiter } from "../rate-limiter"

describe("RateLimiter (memory store)", () => {
  const config = { limits: { recommendations: 3, feedback: 1 }, windowSeconds: 60, keyBy: "ip" as const, trustedProxies: [] }

  it("allows the limit per client, route and window, then refuses with the time to the reset", async () => {
    const limiter = new RateLimiter(config, "t", () => null)
    const t0 = 120_000 // start of a window
    const results: Awaited<ReturnType<RateLimiter["consume"]>>[] = []
    for (let i = 0; i < 4; i++) results.push(await limiter.consume("recommendations", "ip:a", t0 + 15_000))
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false])
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0])
    expect(results[3]).toMatchObject({ resetSeconds: 45, store: "memory", limit: 3 })
    expect((await limiter.consume("recommendations", "ip:b", t0 + 15_000)).allowed).toBe(true)
    expect((await limiter.consume("feedback", "ip:a", t0 + 15_000)).allowed).toBe(true)
    // the next window starts afresh
    expect((await limiter.consume("recommendations", "ip:a", t0 + 60_000)).allowed).toBe(true)
  })

  it("falls back to memory when Redis fails, instead of failing the request", async () => {
    const broken = { status: "ready", multi: () => ({ incr: () => ({ pexpire: () => ({ exec: async () => { throw new Error("down") } }) }) }) }
    const limiter = new RateLimiter(config, "t", () => broken as any)
    const r = await limiter.consume("feedback", "ip:a", 0)
    expect(r).toMatchObject({ allowed: true, store: "memory" })
    expect((await limiter.consume("feedback", "ip:a", 0)).allowed).toBe(false)
  })
})
