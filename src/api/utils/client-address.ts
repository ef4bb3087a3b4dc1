import proxyaddr from "proxy-addr"

// compiled once per list of trusted proxies (the options object lives as long as the process)
const trustCache = new WeakMap<string[], (addr: string, i: number) => boolean>()

/**
 * The client's address: the socket's, unless it is one of the store's
 * trusted proxies, whose X-Forwarded-For is then followed back to the first
 * untrusted hop. Medusa sets Express's `trust proxy` to one hop whatever the
 * config, so `req.ip` would let any client name its own address.
 */
export function clientAddress(req: { socket?: { remoteAddress?: string }; headers: Record<string, unknown> }, trusted: string[]): string {
  const socket = req.socket?.remoteAddress ?? "unknown"
  if (!trusted.length) return socket
  let trust = trustCache.get(trusted)
  if (!trust) trustCache.set(trusted, (trust = proxyaddr.compile(trusted)))
  return proxyaddr(req as any, trust)
}
