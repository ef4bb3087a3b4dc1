/**
 * Merchandising rules: the merchant steers, the agent learns inside. Rules
 * are compiled once per (catalogue snapshot, rule set, placement) into a
 * filter, a pin list and a relevance multiplier that every strategy's
 * ranking reads, exploration included: a rule is never broken to explore.
 */
import type { ProductCard } from "./ranking"
import type { Placement } from "./state"

export const RULE_KINDS = ["exclude", "include_only", "min_stock", "price_range", "pin", "boost"] as const
export type RuleKind = (typeof RULE_KINDS)[number]

/** What exclude, include_only and boost rules match products by. Pins name products. */
export const RULE_TARGETS = ["product", "category", "collection", "tag"] as const
export type RuleTarget = (typeof RULE_TARGETS)[number]

/** A boost's multiplier on relevance is kept within these: a rule steers, it does not replace the ranking. */
export const BOOST_BOUNDS = { min: 0.1, max: 10 } as const

export interface MerchandisingRule {
  id: string
  kind: RuleKind
  target_type: RuleTarget | null
  target_ids: string[]
  /** Only requests through this sales channel (null: every channel). */
  sales_channel_id: string | null
  /** Only this placement (null: every placement). */
  placement: Placement | null
  min_stock: number | null
  /** A price range is in one currency's major unit; catalogues in other currencies ignore it. */
  currency_code: string | null
  price_min: number | null
  price_max: number | null
  multiplier: number | null
  enabled: boolean
}

export interface RuleScope {
  salesChannelId: string
  currencyCode: string
  placement: Placement
}

export interface RuleCatalog {
  cards: readonly ProductCard[]
  categoriesOf: (productId: string) => readonly string[]
  /** The products of a collection or tag (what the snapshot does not hold). */
  members: (type: "collection" | "tag", id: string) => ReadonlySet<string>
}

export interface CompiledRules {
  /** Some rule applies here: without one, `allows` is always true and nothing else changes. */
  active: boolean
  allows: (card: ProductCard) => boolean
  /** Pinned products, in the rules' order, first of every list that may show them. */
  pins: readonly string[]
  /** The boosts' product on a product's relevance, within BOOST_BOUNDS (1 for most). */
  multiplier: (productId: string) => number
}

export const NO_RULES: CompiledRules = { active: false, allows: () => true, pins: [], multiplier: () => 1 }

function applies(rule: MerchandisingRule, scope: RuleScope): boolean {
  if (!rule.enabled) return false
  if (rule.sales_channel_id && rule.sales_channel_id !== scope.salesChannelId) return false
  if (rule.placement && rule.placement !== scope.placement) return false
  if (rule.kind === "price_range" && rule.currency_code && rule.currency_code.toLowerCase() !== scope.currencyCode.toLowerCase()) return false
  return true
}

/** The products of the catalogue a rule's targets match. */
function matched(rule: MerchandisingRule, catalog: RuleCatalog): Set<string> {
  const targets = new Set(rule.target_ids)
  switch (rule.target_type) {
    case "product":
      return targets
    case "category":
      return new Set(catalog.cards.filter((c) => catalog.categoriesOf(c.id).some((id) => targets.has(id))).map((c) => c.id))
    case "collection":
    case "tag": {
      const out = new Set<string>()
      for (const id of targets) for (const p of catalog.members(rule.target_type, id)) out.add(p)
      return out
    }
    default:
      return new Set()
  }
}

export function compileRules(rules: readonly MerchandisingRule[], scope: RuleScope, catalog: RuleCatalog): CompiledRules {
  const live = rules.filter((r) => applies(r, scope))
  if (!live.length) return NO_RULES
  const excluded = new Set<string>()
  let included: Set<string> | null = null
  let minStock = 0
  let low = -Infinity
  let high = Infinity
  const pins: string[] = []
  const multipliers = new Map<string, number>()
  for (const rule of live) {
    switch (rule.kind) {
      case "exclude":
        for (const id of matched(rule, catalog)) excluded.add(id)
        break
      case "include_only": {
        // several include-only rules: a product of any of them may be shown
        const these = matched(rule, catalog)
        if (!included) included = new Set<string>()
        for (const id of these) included.add(id)
        break
      }
      case "min_stock":
        minStock = Math.max(minStock, rule.min_stock ?? 0)
        break
      case "price_range":
        low = Math.max(low, rule.price_min ?? -Infinity)
        high = Math.min(high, rule.price_max ?? Infinity)
        break
      case "pin":
        for (const id of rule.target_ids) if (!pins.includes(id)) pins.push(id)
        break
      case "boost": {
        const m = Math.min(BOOST_BOUNDS.max, Math.max(BOOST_BOUNDS.min, rule.multiplier ?? 1))
        for (const id of matched(rule, catalog)) multipliers.set(id, (multipliers.get(id) ?? 1) * m)
        break
      }
    }
  }
  const include = included as Set<string> | null
  const allows = (card: ProductCard) =>
    !excluded.has(card.id) &&
    (!include || include.has(card.id)) &&
    // not inventory-managed (or backorderable): no stock level to fall below
    (card.stock === null || card.stock === undefined || card.stock >= minStock) &&
    card.amount >= low &&
    card.amount <= high
  const bounded = (id: string) => Math.min(BOOST_BOUNDS.max, Math.max(BOOST_BOUNDS.min, multipliers.get(id) ?? 1))
  return { active: true, allows, pins, multiplier: multipliers.size ? bounded : () => 1 }
}

/** What is wrong with a rule as a whole (each kind needs its own fields), or null. */
export function ruleProblem(rule: Omit<MerchandisingRule, "id">): { path: string; message: string } | null {
  const targeted = rule.kind === "exclude" || rule.kind === "include_only" || rule.kind === "boost"
  if (targeted && !rule.target_type) return { path: "target_type", message: `a ${rule.kind} rule needs target_type (${RULE_TARGETS.join(", ")})` }
  if ((targeted || rule.kind === "pin") && !rule.target_ids.length) return { path: "target_ids", message: `a ${rule.kind} rule needs at least one id in target_ids` }
  if (rule.kind === "pin" && rule.target_type && rule.target_type !== "product") return { path: "target_type", message: "a pin names products: target_type must be product" }
  if (rule.kind === "min_stock" && !(rule.min_stock !== null && rule.min_stock >= 1)) return { path: "min_stock", message: "a min_stock rule needs min_stock ≥ 1" }
  if (rule.kind === "price_range") {
    if (!rule.currency_code) return { path: "currency_code", message: "a price_range rule needs the currency_code its prices are in" }
    if (rule.price_min === null && rule.price_max === null) return { path: "price_min", message: "a price_range rule needs price_min, price_max or both" }
    if (rule.price_min !== null && rule.price_max !== null && rule.price_min > rule.price_max) return { path: "price_min", message: "price_min must not be above price_max" }
  }
  if (rule.kind === "boost" && rule.multiplier === null) {
    return { path: "multiplier", message: `a boost rule needs a multiplier between ${BOOST_BOUNDS.min} and ${BOOST_BOUNDS.max} (below 1 buries)` }
  }
  return null
}
