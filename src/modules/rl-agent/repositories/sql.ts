import type { Context } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import type { RewardKind } from "../../../learning/reward"

/**
 * What every repository function takes: something that runs one statement
 * with bound values. A transaction's or a request's entity manager, or the
 * service's shared connection for the hot path.
 */
export type SqlManager = { execute: (sql: string, bindings?: unknown[]) => Promise<any[]> }

/** The manager Medusa's `@InjectManager` / `@InjectTransactionManager` put in the context. */
export function managerOf(ctx: Context): SqlManager {
  const m = (ctx.transactionManager ?? ctx.manager) as SqlManager | undefined
  if (!m) {
    throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "rl-agent: no database manager in context")
  }
  return m
}

// one connection handle per module instance, keyed by its base repository
const sharedConnections = new WeakMap<object, SqlManager>()

/**
 * The caller's manager when there is one, else statements on the module's
 * shared connection without forking an entity manager per call (what
 * `@InjectManager` does): for the per-request reads and the decision insert,
 * which need no unit of work.
 */
export function sqlOrShared(ctx: Context, baseRepository: { getFreshManager(): any }): SqlManager {
  if (ctx.transactionManager || ctx.manager) return managerOf(ctx)
  let sql = sharedConnections.get(baseRepository)
  if (!sql) {
    const connection = baseRepository.getFreshManager().getConnection()
    sql = { execute: (text: string, bindings: unknown[] = []) => connection.execute(text, bindings, "all") }
    sharedConnections.set(baseRepository, sql)
  }
  return sql
}

/** One round trip to the database, timed: the health route's check. */
export async function pingSql(m: SqlManager): Promise<{ status: "ok"; latency_ms: number } | { status: "down"; error: string }> {
  const started = Date.now()
  try {
    await m.execute("SELECT 1")
    return { status: "ok", latency_ms: Date.now() - started }
  } catch (e) {
    return { status: "down", error: (e as Error).message }
  }
}

/**
 * Reward kinds as SQL literals, typed: a misspelt kind fails the typecheck
 * instead of silently matching no row. Only `REWARD_KINDS` members pass, so
 * nothing from a request can reach the statement this way.
 */
export function kindsSql(...kinds: RewardKind[]): string {
  return kinds.map((k) => `'${k}'`).join(", ")
}
