import { describe, expect, it } from "vitest"
import { isUnavailableError, unavailableAs503 } from "../unavailable"

describe("isUnavailableError", () => {
  it("recognises connection failures, also wrapped", () => {
    expect(isUnavailableError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBe(true)
    expect(isUnavailableError({ code: "57P01", message: "terminating connection due to administrator command" })).toBe(true)
    expect(isUnavailableError({ code: "08006", message: "connection failure" })).toBe(true)
    expect(isUnavailableError(new Error("Knex: Timeout acquiring a connection. The pool is probably full."))).toBe(true)
    expect(isUnavailableError(Object.assign(new Error("step failed"), { cause: new Error("Connection terminated unexpectedly") }))).toBe(true)
  })

  it("leaves request and programming errors alone", () => {
    expect(isUnavailableError(new Error("Cart with id: cart_1 was not found"))).toBe(false)
    expect(isUnavailableError({ code: "23505", message: "duplicate key value violates unique constraint" })).toBe(false)
    expect(isUnavailableError(null)).toBe(false)
  })
})

describe("unavailableAs503", () => {
  const response = () => {
    const r: any = { headers: {} as Record<string, string>, statusCode: 200, body: null, headersSent: false }
    r.setHeader = (k: string, v: string) => (r.headers[k] = v)
    r.status = (c: number) => ((r.statusCode = c), r)
    r.json = (b: unknown) => ((r.body = b), r)
    return r
  }

  it("answers 503 with Retry-After and a message when the database is down", async () => {
    const res = response()
    await unavailableAs503(async () => {
      throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })
    })({} as any, res)
    expect(res.statusCode).toBe(503)
    expect(res.headers["Retry-After"]).toBe("5")
    expect(res.body.message).toMatch(/database cannot be reached/)
  })

  it("rethrows every other error for Medusa's error handler", async () => {
    await expect(
      unavailableAs503(async () => {
        throw new Error("bad")
      })({} as any, response())
    ).rejects.toThrow("bad")
  })
})
