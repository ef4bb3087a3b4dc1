import net from "net"

/**
 * A TCP proxy in front of a real server that a test can cut and restore:
 * an outage of Redis (or Postgres) for one client, without stopping the
 * server the rest of the suite shares.
 */
export class TcpProxy {
  protected server: net.Server | null = null
  protected sockets = new Set<net.Socket>()

  constructor(readonly port: number, readonly target: { host: string; port: number }) {}

  async up(): Promise<void> {
    if (this.server) return
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host)
      for (const s of [client, upstream]) {
        this.sockets.add(s)
        s.on("close", () => this.sockets.delete(s))
        s.on("error", () => undefined)
      }
      client.pipe(upstream).pipe(client)
      client.on("close", () => upstream.destroy())
      upstream.on("close", () => client.destroy())
    })
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", resolve))
  }

  /** Refuses new connections and drops the open ones. */
  async down(): Promise<void> {
    const server = this.server
    this.server = null
    for (const s of this.sockets) s.destroy()
    this.sockets.clear()
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
