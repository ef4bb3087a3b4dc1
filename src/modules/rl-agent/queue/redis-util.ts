import type Redis from "ioredis"

/** Resolves when the connection is ready; rejects on its next error or after `timeoutMs`. */
export function whenReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === "ready") return Promise.resolve()
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer)
      redis.off("ready", onReady)
      redis.off("error", onError)
      error ? reject(error) : resolve()
    }
    const onReady = () => done()
    const onError = (e: Error) => done(e)
    const timer = setTimeout(() => done(new Error(`Redis not reachable within ${timeoutMs} ms`)), timeoutMs)
    redis.on("ready", onReady)
    redis.on("error", onError)
  })
}

/** The promise, or a rejection after `ms` (the promise itself is left to settle). */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms)
    }),
  ]).finally(() => clearTimeout(timer))
}
