import Medusa from "@medusajs/js-sdk"

/**
 * The store's sdk, on the server only (as in the official starter): the
 * shopper's token and cart id live in httpOnly cookies and go with each call
 * as headers, never in the sdk's own storage, which one server shares
 * between all shoppers.
 */
export const sdk = new Medusa({
  baseUrl: process.env.MEDUSA_BACKEND_URL ?? "http://localhost:9000",
  publishableKey: process.env.NEXT_PUBLIC_MEDUSA_PUBLISHABLE_KEY,
  auth: { type: "jwt", jwtTokenStorageMethod: "nostore" },
})
