import { describe, expect, it } from "vitest"
import { clientAddress } from "../client-address"

const req = (remoteAddress: string, forwarded?: string) => ({
  socket: { remoteAddress },
  connection: { remoteAddress },
  headers: forwarded ? { "x-forwarded-for": forwarded } : {},
})

describe("clientAddress", () => {
  it("is the socket's address when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddress(req("198.51.100.7", "not-an-ip-24591"), [])).toBe("198.51.100.7")
    expect(clientAddress(req("198.51.100.7", "203.0.113.9"), [])).toBe("198.51.100.7")
  })

  it("follows X-Forwarded-For back through trusted proxies only", () => {
    const trusted = ["10.0.0.0/8"]
    // the load balancer (trusted) forwards the real client
    expect(clientAddress(req("10.1.2.3", "203.0.113.9"), trusted)).toBe("203.0.113.9")
    // a client that prepends a fake hop is still named by the last untrusted address
    expect(clientAddress(req("10.1.2.3", "1.1.1.1, 203.0.113.9"), trusted)).toBe("203.0.113.9")
    // a direct client (not through the proxy) cannot use the header at all
    expect(clientAddress(req("198.51.100.7", "203.0.113.9"), trusted)).toBe("198.51.100.7")
    expect(clientAddress(req("127.0.0.1", "203.0.113.9"), ["loopback"])).toBe("203.0.113.9")
  })
})
