import {
  errorHandler,
  type MedusaErrorHandlerFunction,
  type MedusaNextFunction,
  type MedusaRequest,
  type MedusaResponse,
} from "@medusajs/framework/http"
import { CatalogNotReadyError } from "../../workflows/recommendations/catalog-cache"

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

const PLUGIN_PATHS = /^\/(store|admin)\/rl(\/|$)/

/**
 * Medusa's own error handler, with three answers made right for the plugin's
 * routes: a database outage is a 503 with Retry-After (it may happen in
 * Medusa's middleware — the publishable key lookup — before the route runs),
 * so is a catalogue not loaded within `catalogFirstLoadWaitMs`, and a path
 * Express cannot percent-decode is Express's 400, not a 500.
 * Everything else, and every other route, goes to Medusa's handler
 * unchanged. A store that sets an `errorHandler` of its own keeps it.
 */
export function rlErrorHandler(): MedusaErrorHandlerFunction {
  const medusa = errorHandler()
  return (err: unknown, req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction): void => {
    const path = (req.originalUrl ?? req.url ?? "").split("?")[0]
    if (PLUGIN_PATHS.test(path) && !res.headersSent) {
      if (err instanceof CatalogNotReadyError) {
        res.setHeader("Retry-After", String(err.retryAfterSeconds))
        res.status(503).json({ type: "service_unavailable", message: err.message })
        return
      }
      if (isUnavailableError(err)) {
        res.setHeader("Retry-After", "5")
        res.status(503).json({
          type: "service_unavailable",
          message: "Recommendations are unavailable: the store's database cannot be reached. Retry in a few seconds.",
        })
        return
      }
      if (err instanceof URIError && (err as URIError & { status?: number }).status === 400) {
        res.status(400).json({ type: "invalid_data", message: `${err.message}: the path is not valid percent-encoding` })
        return
      }
    }
    medusa(err as any, req, res, next)
  }
}
