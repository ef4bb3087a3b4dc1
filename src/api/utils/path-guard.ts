import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"

// no id has control characters; Postgres refuses NUL in text outright
const CONTROL = /[\u0000-\u001f\u007f]/

/**
 * Answers 400 for a path Express cannot decode (`%ZZ`) or whose segments
 * hold control characters, before the router decodes the route's ids —
 * which would otherwise end as a 500 in Medusa's error handler or in Postgres.
 */
export function rejectMalformedPath(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const path = (req.originalUrl ?? req.url ?? "").split("?")[0]
  for (const segment of path.split("/")) {
    let decoded: string
    try {
      decoded = decodeURIComponent(segment)
    } catch {
      return res.status(400).json({ type: "invalid_data", message: `The path segment "${segment.slice(0, 60)}" is not valid percent-encoding` })
    }
    if (CONTROL.test(decoded)) {
      return res.status(400).json({ type: "invalid_data", message: "The path contains control characters: ids never do" })
    }
    if (decoded.length > 256) {
      return res.status(400).json({ type: "invalid_data", message: "A path segment is longer than 256 characters: ids never are" })
    }
  }
  next()
}
