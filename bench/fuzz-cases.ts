/**
 * Malformed requests against every route of the plugin, generated from a
 * seed: wrong types, missing and extra fields, huge and deep values, unicode
 * and NUL bytes, negative and huge numbers, SQL-looking and prototype-
 * polluting strings, broken JSON, bogus path ids. Used by the fuzz test (a
 * slice) and `npm run test:fuzz` (≥ 10,000 against a running store).
 */
import { createRng, type Rng } from "../src/learning/rng"

export type FuzzRequest = {
  method: "GET" | "POST" | "PATCH" | "DELETE"
  path: string
  /** "store" needs the publishable key, "admin" the admin token; "none" sends neither. */
  auth: "store" | "admin" | "none"
  /** A JSON value to send, or a raw string (sent as-is with a JSON content type). */
  body?: unknown
  raw?: string
}

const NASTY_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "'; DROP TABLE rl_q_value; --",
  "' OR '1'='1",
  "1; SELECT pg_sleep(5)",
  "%00%27",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "=HYPERLINK(\"http://x\")",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ☃ \uFFFF \uD800",
  "ｃａｒｔ＿１",
  "__proto__",
  "constructor",
  "NaN",
  "Infinity",
  "-1",
  "1e309",
  "9".repeat(400),
  "x".repeat(20_000),
  "true",
  "null",
  "[object Object]",
]

const NASTY_NUMBERS = [-1, 0, -0, 1.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, -1e308, 1e-320, Number.MAX_SAFE_INTEGER]

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[Math.floor(rng() * xs.length)]
}

function deep(depth: number): unknown {
  let v: unknown = "leaf"
  for (let i = 0; i < depth; i++) v = { a: v }
  return v
}

/** Any JSON value, biased towards the nasty ones. */
export function nastyValue(rng: Rng): unknown {
  const r = rng()
  if (r < 0.35) return pick(rng, NASTY_STRINGS)
  if (r < 0.55) return pick(rng, NASTY_NUMBERS)
  if (r < 0.62) return pick(rng, [null, true, false])
  if (r < 0.7) return []
  if (r < 0.76) return {}
  if (r < 0.8) return { $gt: "" }
  if (r < 0.84) return JSON.parse('{"__proto__": {"polluted": true}}')
  if (r < 0.88) return deep(200)
  if (r < 0.92) return Array.from({ length: 5000 }, (_, i) => i)
  if (r < 0.96) return [pick(rng, NASTY_STRINGS), pick(rng, NASTY_NUMBERS)]
  return pick(rng, ["click", "purchase", "popular", "mobile", "greedy", "day", "csv"])
}

type Shape = { method: FuzzRequest["method"]; path: string; auth: FuzzRequest["auth"]; body?: Record<string, unknown>; query?: Record<string, string> }

/** The routes, each with a plausible request to mutate. `ids` fills real ids where a route needs one. */
function shapes(ids: { decisionId: string; customerId: string; productId: string; snapshotId: string }): Shape[] {
  return [
    { method: "POST", path: "/store/rl/recommendations", auth: "store", body: { limit: 4, context: { device: "mobile", session_id: "s1" } } },
    { method: "POST", path: `/store/rl/recommendations/${ids.decisionId}/feedback`, auth: "store", body: { type: "click", product_id: ids.productId, cart_id: "cart_1" } },
    { method: "GET", path: "/admin/rl/agent", auth: "admin" },
    { method: "PATCH", path: "/admin/rl/agent", auth: "admin", body: { epsilon: 0.1 } },
    { method: "GET", path: "/admin/rl/health", auth: "admin" },
    { method: "GET", path: "/admin/rl/decisions", auth: "admin", query: { limit: "5", strategy: "popular", explored: "true", from: "2026-01-01" } },
    { method: "GET", path: "/admin/rl/metrics", auth: "admin", query: { granularity: "day", group_by: "strategy" } },
    { method: "GET", path: "/admin/rl/metrics/summary", auth: "admin", query: { hours: "24" } },
    { method: "GET", path: "/admin/rl/snapshots", auth: "admin", query: { limit: "5" } },
    { method: "POST", path: "/admin/rl/snapshots", auth: "admin", body: { label: "fuzz" } },
    { method: "POST", path: `/admin/rl/snapshots/${ids.snapshotId}/restore`, auth: "admin", body: { confirm: false } },
    { method: "GET", path: "/admin/rl/failed-jobs", auth: "admin", query: { limit: "5" } },
    { method: "POST", path: "/admin/rl/failed-jobs/retry", auth: "admin", body: { ids: ["nope"] } },
    { method: "GET", path: "/admin/rl/imports", auth: "admin", query: { limit: "5" } },
    { method: "POST", path: "/admin/rl/imports", auth: "admin", body: { file: "x" } },
    { method: "GET", path: "/admin/rl/imports/rlimp_fuzz", auth: "admin" },
    { method: "GET", path: "/admin/rl/evaluations/latest", auth: "admin" },
    { method: "GET", path: "/admin/rl/evaluations/ope", auth: "admin", query: { policy: "greedy", limit: "100", resamples: "100" } },
    { method: "POST", path: "/admin/rl/tester", auth: "admin", body: { customer_id: ids.customerId, items: [{ product_id: ids.productId, quantity: 1 }], limit: 3 } },
    { method: "POST", path: "/admin/rl/tester/simulate", auth: "admin", body: { state_key: "s", strategy: "popular", event: "click" } },
    { method: "GET", path: `/admin/rl/customers/${ids.customerId}`, auth: "admin", query: { limit: "3" } },
    { method: "GET", path: `/admin/rl/products/${ids.productId}`, auth: "admin" },
  ]
}

const PATH_IDS = ["x".repeat(5000), "%00", "%27%20OR%201%3D1", "..%2F..%2Fadmin", "%F0%9F%98%80", "%E2%80%AE", "-1", "1e400", "%ZZ"]

function mutatePath(rng: Rng, path: string): string {
  const parts = path.split("/")
  // replace one id-looking segment (or the last) with a nasty one
  const idx = parts.findIndex((p) => /^(rldec|cus|prod|rlsnap|rlimp)_/.test(p))
  if (idx === -1 || rng() < 0.5) return path
  parts[idx] = pick(rng, PATH_IDS)
  return parts.join("/")
}

function mutateBody(rng: Rng, body: Record<string, unknown> | undefined): { body?: unknown; raw?: string } {
  const base = { ...(body ?? {}) }
  const keys = Object.keys(base)
  const r = rng()
  if (r < 0.08) return { raw: pick(rng, ["{", '{"a":', "not json", "[1,2", '{"limit": 01}', "\u0000", '{"a":"\\ud800"}']) }
  if (r < 0.12) return { body: nastyValue(rng) }
  if (r < 0.16) return { raw: JSON.stringify({ ...base, pad: "x".repeat(3 * 1024 * 1024) }) }
  if (r < 0.3 && keys.length) {
    delete base[pick(rng, keys)]
    return { body: base }
  }
  if (r < 0.45) return { body: { ...base, [pick(rng, ["extra", "__proto__", "constructor", "customer_id", "revenue", "id"])]: nastyValue(rng) } }
  if (keys.length) {
    const k = pick(rng, keys)
    base[k] = nastyValue(rng)
    if (rng() < 0.3 && keys.length > 1) base[pick(rng, keys)] = nastyValue(rng)
  }
  return { body: base }
}

function mutateQuery(rng: Rng, query: Record<string, string> | undefined): string {
  const q: Record<string, string> = { ...(query ?? {}) }
  const keys = Object.keys(q)
  const r = rng()
  const nasty = () => {
    const v = nastyValue(rng)
    return typeof v === "string" ? v : JSON.stringify(v) ?? "undefined"
  }
  if (r < 0.3 && keys.length) q[pick(rng, keys)] = nasty()
  else if (r < 0.5) q[pick(rng, ["sort", "fields", "offset", "limit", "from", "to", "format", "customer_id", "policy", "hours", "__proto__"])] = nasty()
  else if (r < 0.6 && keys.length) delete q[pick(rng, keys)]
  else if (r < 0.7) return "?" + pick(rng, ["limit[]=1&limit[]=2", "offset[$gt]=1", "from=%00", "%%%", "a=" + "b".repeat(10_000), "format=csv&limit=50000"])
  else for (const k of keys) q[k] = nasty()
  const s = new URLSearchParams(q).toString()
  return s ? `?${s}` : ""
}

export function fuzzCases(n: number, seed: number, ids: Parameters<typeof shapes>[0]): FuzzRequest[] {
  const rng = createRng(seed)
  const all = shapes(ids)
  const out: FuzzRequest[] = []
  for (let i = 0; i < n; i++) {
    const s = all[i % all.length]
    const path = mutatePath(rng, s.path) + (s.method === "GET" ? mutateQuery(rng, s.query) : "")
    // now and then the wrong credentials: a store key on an admin route, nothing on a store route
    const auth = rng() < 0.05 ? pick(rng, ["store", "admin", "none"] as const) : s.auth
    if (s.method === "GET") out.push({ method: s.method, path, auth })
    else out.push({ method: s.method, path, auth, ...mutateBody(rng, s.body) })
  }
  return out
}

export type FuzzOutcome = { status: number; message: string | null; ms: number }

/** Sends one case with fetch; a network error (a crash) is status 0. */
export async function sendCase(
  base: string,
  c: FuzzRequest,
  creds: { publishableKey: string; adminToken: string }
): Promise<FuzzOutcome> {
  const headers: Record<string, string> = { "content-type": "application/json" }
  if (c.auth === "store") headers["x-publishable-api-key"] = creds.publishableKey
  if (c.auth === "admin") headers.authorization = `Bearer ${creds.adminToken}`
  const started = performance.now()
  try {
    const res = await fetch(base + c.path, {
      method: c.method,
      headers,
      body: c.method === "GET" ? undefined : c.raw ?? JSON.stringify(c.body ?? {}),
    })
    const text = await res.text()
    let message: string | null = null
    try {
      const parsed = JSON.parse(text)
      message = typeof parsed?.message === "string" && parsed.message.trim() ? parsed.message : null
    } catch {
      message = null
    }
    // Node's HTTP parser refuses an oversized URL or header block before any app code: its reason phrase is the message
    if (!message && res.status === 431) message = `${res.status} ${res.statusText || "Request Header Fields Too Large"}`
    return { status: res.status, message, ms: performance.now() - started }
  } catch {
    return { status: 0, message: null, ms: performance.now() - started }
  }
}
