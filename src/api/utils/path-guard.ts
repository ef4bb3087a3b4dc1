import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"

// no id has control characters; Postgres refuses NUL in text outright
const CONTROL = /[\u0000-\u001f\u007f]/

/**
 * Answers 400 for a path of the plugin whose segments hold control
 * characters or are longer than any id, before a route or Postgres sees
 * them. (A path Express cannot percent-decode never gets here: Express
 * fails decoding this middleware's own wildcard, and rlErrorHandler answers.)
 */
const decoded = (segment: string) => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

export function rejectMalformedPath(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const path = (req.originalUrl ?? req.url ?? "").split("?")[0]
  for (const segment of path.split("/").map(decoded)) {
    if (CONTROL.test(segment)) {
      return res.status(400).json({ type: "invalid_data", message: "The path contains control characters: ids never do" })
    }
    if (segment.length > 256) {
      return res.status(400).json({ type: "invalid_data", message: "A path segment is longer than 256 characters: ids never are" })
    }
  }
  next()
}
