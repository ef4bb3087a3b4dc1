import { execFileSync } from "child_process"
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "fs"
import { tmpdir } from "os"
import path from "path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

/**
 * The storefront package as a storefront gets it: built, then imported by a
 * consumer of each kind — TypeScript under moduleResolution node (node10),
 * node16 and bundler, and plain Node as ES module and as CommonJS.
 */
const PKG = path.resolve(__dirname, "..")
const ROOT = path.resolve(PKG, "../..")
const TSC = require.resolve("typescript/bin/tsc")
let consumer: string

beforeAll(() => {
  execFileSync(process.execPath, [path.join(PKG, "build.mjs")], { stdio: "pipe" })
  consumer = mkdtempSync(path.join(tmpdir(), "rl-storefront-consumer-"))
  mkdirSync(path.join(consumer, "node_modules"), { recursive: true })
  symlinkSync(PKG, path.join(consumer, "node_modules", "medusa-plugin-rl-recommendations-storefront"), "dir")
  // React and its types from the repository, as a storefront has its own
  for (const dep of ["react", "@types/react", "@types/node", "@medusajs/js-sdk", "@medusajs/types"]) {
    mkdirSync(path.dirname(path.join(consumer, "node_modules", dep)), { recursive: true })
    symlinkSync(path.join(ROOT, "node_modules", dep), path.join(consumer, "node_modules", dep), "dir")
  }
  writeFileSync(
    path.join(consumer, "use.ts"),
    `import { RecommendationsClient, type Recommendation, type RecommendationsRequest } from "medusa-plugin-rl-recommendations-storefront"
const request: RecommendationsRequest = { cart_id: "cart_1", limit: 4, country_code: "gb", context: { device: "mobile", session_id: "s" } }
const show = (r: Recommendation): string => r.products.map((p) => p.title + (r.degraded ? "*" : "")).join(", ") + r.region.source
export const client = new RecommendationsClient({ baseUrl: "http://localhost:9000", publishableKey: "pk" })
export { request, show }
`
  )
}, 120_000)

afterAll(() => rmSync(consumer, { recursive: true, force: true }))

describe("medusa-plugin-rl-recommendations-storefront", () => {
  for (const [module, resolution] of [
    ["commonjs", "node10"],
    ["node16", "node16"],
    ["esnext", "bundler"],
  ] as const) {
    it(`type-checks in a consumer under moduleResolution ${resolution}`, () => {
      const run = () =>
        execFileSync(
          process.execPath,
          [TSC, "--noEmit", "--strict", "--skipLibCheck", "false", "--target", "es2020", "--lib", "es2020,dom", "--jsx", "react-jsx", "--module", module, "--moduleResolution", resolution, "use.ts"],
          { cwd: consumer, encoding: "utf8" }
        )
      expect(run).not.toThrow()
    }, 60_000)
  }

  it("takes a real @medusajs/js-sdk instance, with the shopper's headers, as a server-rendered storefront passes it", () => {
    writeFileSync(
      path.join(consumer, "sdk.ts"),
      `import Medusa from "@medusajs/js-sdk"
import { RecommendationsClient } from "medusa-plugin-rl-recommendations-storefront"
const sdk = new Medusa({ baseUrl: "http://localhost:9000", publishableKey: "pk" })
export const viaSdk = new RecommendationsClient({ sdk, headers: { authorization: "Bearer t" } })
`
    )
    // Medusa's own declarations do not check without skipLibCheck: the storefront's are checked above
    const run = () =>
      execFileSync(
        process.execPath,
        [TSC, "--noEmit", "--strict", "--skipLibCheck", "--target", "es2020", "--lib", "es2020,dom", "--module", "esnext", "--moduleResolution", "bundler", "sdk.ts"],
        { cwd: consumer, encoding: "utf8" }
      )
    expect(run).not.toThrow()
  }, 60_000)

  it("turns the sdk's errors into RecommendationsError with the route's status and message", async () => {
    const { RecommendationsClient, RecommendationsError } = await import(path.join(PKG, "dist/esm/index.js"))
    const fetchError = Object.assign(new Error("Recommendation rldec_x was not found for this shopper"), { status: 404 })
    const seen: unknown[] = []
    const sdk = { client: { fetch: async (p: string, init: unknown) => { seen.push([p, init]); throw fetchError } } }
    const client = new RecommendationsClient({ sdk, headers: { authorization: "Bearer t" } })
    const err = await client.feedback("rldec_x", { type: "click" }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RecommendationsError)
    expect(err).toMatchObject({ status: 404, message: "Recommendation rldec_x was not found for this shopper" })
    // the shopper's headers went with the call
    expect(seen).toEqual([["/store/rl/recommendations/rldec_x/feedback", { method: "POST", body: { type: "click" }, headers: { authorization: "Bearer t" } }]])
    const offline = new RecommendationsClient({ sdk: { client: { fetch: async () => { throw new TypeError("fetch failed") } } } })
    expect(await offline.recommend().catch((e: unknown) => e)).toMatchObject({ status: 0, message: "fetch failed" })
  })

  it("imports from plain Node, as ES module and as CommonJS", () => {
    const esm = execFileSync(
      process.execPath,
      ["--input-type=module", "-e", `import { RecommendationsClient, STRATEGIES } from "medusa-plugin-rl-recommendations-storefront"; console.log(typeof RecommendationsClient, STRATEGIES.length)`],
      { cwd: consumer, encoding: "utf8" }
    )
    expect(esm.trim()).toBe("function 6")
    const cjs = execFileSync(
      process.execPath,
      ["-e", `const { RecommendationsClient, Recommendations } = require("medusa-plugin-rl-recommendations-storefront"); console.log(typeof RecommendationsClient, typeof Recommendations)`],
      { cwd: consumer, encoding: "utf8" }
    )
    expect(cjs.trim()).toBe("function function")
  })

  it("marks its React components as client components for server-rendered apps, and nothing else", () => {
    const first = (file: string) =>
      readFileSync(path.join(PKG, "dist", file), "utf8")
        .split("\n")
        .filter((l) => l.trim() && !l.startsWith('"use strict"'))[0]
    for (const kind of ["esm", "cjs"]) {
      // Next.js reads the directive from the module's prologue: a server component can then render the list
      expect(first(`${kind}/recommendation-list.js`), kind).toBe('"use client";')
      expect(first(`${kind}/recommendations.js`), kind).toBe('"use client";')
      // the client and formatPrice stay callable on the server
      expect(first(`${kind}/client.js`), kind).not.toBe('"use client";')
      expect(first(`${kind}/format.js`), kind).not.toBe('"use client";')
    }
  })

  it("depends on no server package: its only peers are React and, optionally, the JS SDK", () => {
    const pkg = require(path.join(PKG, "package.json"))
    expect(pkg.dependencies ?? {}).toEqual({})
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(["@medusajs/js-sdk", "react"])
  })
})
