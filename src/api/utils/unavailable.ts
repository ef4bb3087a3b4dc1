import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"

// PostgreSQL SQLSTATE classes and Node socket errors that mean "the database is not reachable now"
const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "57P01", "57P02", "57P03"])
const CONNECTION_MESSAGES = [
  /connection terminated/i,
  /connection ended unexpectedly/i,
  /timeout acquiring a connection/i,
  /connect ECONNREFUSED/i,
  /the database system is (starting up|shutting down)/i,
  /terminating connection due to administrator command/i,
  /Client has encountered a connection error/i,
]

/** True when the error (or one it wraps) says the database cannot be reached, rather than that the request is wrong. */
export function isUnavailableError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; originalError?: unknown }
  if (typeof e.code === "string" && (CONNECTION_CODES.has(e.code) || e.code.startsWith("08"))) return true
  if (typeof e.message === "string" && CONNECTION_MESSAGES.some((re) => re.test(e.message as string))) return true
  return isUnavailableError(e.cause, depth + 1) || isUnavailableError(e.originalError, depth + 1)
}

/**
 * Wraps a route handler so that a database outage answers 503 with
 * Retry-After and a message, instead of a 500; the pool reconnects by
 * itself, so the next request after recovery succeeds without a restart.
 */
export function unavailableAs503<Req extends MedusaRequest>(handler: (req: Req, res: MedusaResponse) => Promise<void>) {
  return async (req: Req, res: MedusaResponse): Promise<void> => {
    try {
      await handler(req, res)
    } catch (e) {
      if (!isUnavailableError(e) || res.headersSent) throw e
      res.setHeader("Retry-After", "5")
      res.status(503).json({
        type: "service_unavailable",
        message: "Recommendations are unavailable: the store's database cannot be reached. Retry in a few seconds.",
      })
    }
  }
}
