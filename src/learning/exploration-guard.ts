/**
 * The per-request guard rail on exploration: ε may try a strategy only when
 * its own list, for this shopper, fills every slot — the merchant's rules
 * applied, and (when a stock level is set) only products with at least that
 * many units counted. A strategy that would show another strategy's fill-ins
 * (a short price band, no categories, no history) or products about to sell
 * out is not explored into. The set is a function of the request alone,
 * decided before the draw, so the propensity logged under it stays exact.
 * Greedy choices are not limited: the rail is on exploration. Plain
 * TypeScript.
 */
import { NO_RULES, type CompiledRules } from "./merchandising"
import type { ProductCard, RankingResult } from "./ranking"
import type { Strategy } from "./strategies"

export type ExplorationGuard = {
  /** Explore only into a strategy whose own list fills the request's slots. */
  fullList: boolean
  /** And count only products with at least this many units (not inventory-managed: always counted); null: no level. */
  minStock: number | null
}

export const NO_GUARD: ExplorationGuard = { fullList: false, minStock: null }

export function guardIsActive(guard: ExplorationGuard): boolean {
  return guard.fullList || guard.minStock !== null
}

/** The merchant's rules with the guard's stock level added: what a feasibility ranking may show. */
export function withStockFloor(rules: CompiledRules | undefined, minStock: number | null): CompiledRules {
  const base = rules ?? NO_RULES
  if (minStock === null) return base
  const stocked = (c: ProductCard) => c.stock === null || c.stock === undefined || c.stock >= minStock
  return { ...base, active: true, allows: (c) => base.allows(c) && stocked(c) }
}

/** The strategy's own signal filled the list (a list ordered without sales history is still its own). */
export function fillsOnItsOwn(result: RankingResult, limit: number): boolean {
  return result.products.length >= limit && (result.fallback === null || result.fallback === "no_sales_history")
}

/**
 * The strategies of `candidates` exploration may try on this request, in
 * their order. `rank` ranks one strategy for this shopper under the given
 * rules (the serving ranking, with the guard's stock level added).
 */
export async function guardedExplorable(
  candidates: readonly Strategy[],
  guard: ExplorationGuard,
  rules: CompiledRules | undefined,
  limit: number,
  rank: (strategy: Strategy, rules: CompiledRules) => Promise<RankingResult> | RankingResult
): Promise<Strategy[]> {
  if (!guardIsActive(guard)) return [...candidates]
  const floor = withStockFloor(rules, guard.minStock)
  const ok = await Promise.all(candidates.map(async (s) => fillsOnItsOwn(await rank(s, floor), limit)))
  return candidates.filter((_, i) => ok[i])
}
