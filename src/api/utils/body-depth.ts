import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"

/** No body of the plugin's routes nests deeper than a few levels; this leaves ample room. */
export const MAX_BODY_DEPTH = 32

/** The nesting depth of a parsed JSON value, counted without recursion (a deep value cannot overflow the stack here). */
export function jsonDepth(value: unknown, limit = Infinity): number {
  let max = 0
  const stack: Array<[unknown, number]> = [[value, 0]]
  while (stack.length) {
    const [v, depth] = stack.pop()!
    if (v === null || typeof v !== "object") continue
    const d = depth + 1
    if (d > max) max = d
    if (max > limit) return max
    for (const child of Array.isArray(v) ? v : Object.values(v as object)) stack.push([child, d])
  }
  return max
}

/**
 * Answers 400 for a JSON body nested deeper than MAX_BODY_DEPTH, before a
 * validator turns a 6,000-deep array into a string (which overflows the
 * stack: Medusa then answers 500).
 */
export function rejectDeepBody(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  if (req.body && typeof req.body === "object" && jsonDepth(req.body, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) {
    return res.status(400).json({
      type: "invalid_data",
      message: `The request body is nested too deeply: at most ${MAX_BODY_DEPTH} levels of objects and arrays`,
    })
  }
  next()
}
