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
