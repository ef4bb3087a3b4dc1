import { describe, expect, it } from "vitest"
import { isUnavailableError, rlErrorHandler } from "../error-handler"

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

describe("rlErrorHandler", () => {
  const response = () => {
    const r: any = { headers: {} as Record<string, string>, statusCode: 200, body: null, headersSent: false }
    r.setHeader = (k: string, v: string) => (r.headers[k] = v)
    r.status = (c: number) => ((r.statusCode = c), r)
    r.json = (b: unknown) => ((r.body = b), r)
    return r
  }
  const request = (url: string): any => ({ originalUrl: url, url, scope: { resolve: () => ({ error: () => undefined, warn: () => undefined, info: () => undefined }) } })
  const down = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" })

  it("answers 503 with Retry-After when the database is down on the plugin's routes", () => {
    const res = response()
    rlErrorHandler()(down, request("/store/rl/recommendations"), res, () => undefined)
    expect(res.statusCode).toBe(503)
    expect(res.headers["Retry-After"]).toBe("5")
    expect(res.body.message).toMatch(/database cannot be reached/)
  })

  it("answers Express's 400 for a path it cannot decode", () => {
    const res = response()
    const err = Object.assign(new URIError("Failed to decode param '%ZZ'"), { status: 400, statusCode: 400 })
    rlErrorHandler()(err, request("/admin/rl/customers/%ZZ"), res, () => undefined)
    expect(res.statusCode).toBe(400)
    expect(res.body.message).toMatch(/Failed to decode param/)
  })

  it("leaves other routes and other errors to Medusa's handler", () => {
    const res = response()
    rlErrorHandler()(down, request("/store/products"), res, () => undefined)
    expect(res.statusCode).toBe(500)
    const notFound = response()
    rlErrorHandler()(Object.assign(new Error("nope"), { type: "not_found" }), request("/store/rl/recommendations/x/feedback"), notFound, () => undefined)
    expect(notFound.statusCode).toBe(404)
  })
})
