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

/** Whether the caller brought its own manager (a transaction or a request's): then its view, uncached. */
export function hasManager(ctx: Context): boolean {
  return !!(ctx.transactionManager || ctx.manager)
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
  if (hasManager(ctx)) return managerOf(ctx)
  let sql = sharedConnections.get(baseRepository)
  if (!sql) {
    // knex directly, with the values bound by the driver: the ORM's execute() first inlines every
    // value into the SQL text in JavaScript, which cost more than the query on the hot path
    const knex = baseRepository.getFreshManager().getConnection().getKnex()
    sql = {
      execute: async (text: string, bindings: unknown[] = []) => {
        const expanded = expandListBindings(text, bindings)
        return (await knex.raw(expanded.sql, expanded.bindings)).rows ?? []
      },
    }
    sharedConnections.set(baseRepository, sql)
  }
  return sql
}

/**
 * The ORM's placeholder rules for a driver that binds values itself: an
 * array binding is a list (`IN (?)` with `[a, b]` is `IN (?, ?)`; an empty
 * one is `NULL`, matching nothing), `undefined` is `NULL`, `\\?` is a literal
 * question mark. The repositories are written for those rules; knex alone
 * would bind an array as one Postgres array value and match nothing.
 */
export function expandListBindings(sql: string, bindings: readonly unknown[]): { sql: string; bindings: unknown[] } {
  if (!bindings.some(Array.isArray)) return { sql, bindings: bindings.map((b) => (b === undefined ? null : b)) }
  const out: unknown[] = []
  let text = ""
  let j = 0
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]
    if (c === "\\" && sql[i + 1] === "?") {
      text += "\\?"
      i++
      continue
    }
    if (c !== "?") {
      text += c
      continue
    }
    const b = bindings[j++]
    if (Array.isArray(b)) {
      text += b.length ? b.map(() => "?").join(", ") : "NULL"
      out.push(...b)
    } else {
      text += "?"
      out.push(b === undefined ? null : b)
    }
  }
  return { sql: text, bindings: out }
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
