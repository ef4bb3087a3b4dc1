/**
 * Express answers a path it cannot percent-decode (`/admin/rl/customers/%ZZ`)
 * with a URIError carrying status 400, but Medusa's error handler only trusts
 * a status on errors that look like http-errors (which also have a boolean
 * `expose`), so the client gets a 500. Marking URIErrors as exposable lets
 * the handler answer Express's own 400 and message; a URIError without a
 * status stays a 500. This affects every route of the store, not only ours.
 */
const proto = URIError.prototype as URIError & { expose?: boolean }
if (proto.expose === undefined) {
  Object.defineProperty(proto, "expose", { value: true, writable: true, configurable: true, enumerable: false })
}

export {}
