import type { Context } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"

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
