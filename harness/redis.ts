import Redis from "ioredis"

/** Deletes every key under a BullMQ prefix, so test queues leave nothing behind. */
export async function deleteQueueKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 })
  try {
    let cursor = "0"
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000)
      cursor = next
      if (keys.length) await redis.del(...keys)
    } while (cursor !== "0")
  } finally {
    redis.disconnect()
  }
}

export function uniquePrefix(name: string): string {
  return `rltest-${name}-${process.pid}-${Date.now()}`
}
