/**
 * Which decision earned what, from what the shop's records say happened.
 * Plain data in, reward intents out; the module applies them idempotently.
 */
import { revenueReward, type RewardWeights } from "./reward"

export interface DecisionRef {
  id: string
  created_at: Date
  product_ids: string[]
}

export interface CartLine {
  product_id: string
  quantity: number
  /** When the line was added. */
  created_at: Date
}

export interface OrderLine {
  product_id: string
  quantity: number
  /** Unit price actually paid, major units. */
  unit_price: number
}

export interface RewardIntent {
  decision_id: string
  kind: "engagement" | "conversion" | "revenue" | "clawback"
  source_event_id: string
  product_id?: string | null
  revenue?: number
  value?: number
  amount?: number | null
  terminal?: boolean
}

/**
 * Engagement: a recommended product added to the cart within the
 * attribution window after the decision. The key `add_to_cart:<product>` is
 * the one storefront `add_to_cart` feedback uses: one add counts once,
 * however it is reported.
 */
export function engagementFromCart(decisions: DecisionRef[], lines: CartLine[], windowMs: number): RewardIntent[] {
  const intents: RewardIntent[] = []
  for (const d of decisions) {
    const recommended = new Set(d.product_ids)
    const start = d.created_at.getTime()
    const seen = new Set<string>()
    for (const line of lines) {
      const at = line.created_at.getTime()
      if (!recommended.has(line.product_id) || seen.has(line.product_id)) continue
      if (at < start || at > start + windowMs) continue
      seen.add(line.product_id)
      intents.push({
        decision_id: d.id,
        kind: "engagement",
        source_event_id: `add_to_cart:${line.product_id}`,
        product_id: line.product_id,
      })
    }
  }
  return intents
}

/** Revenue of the order lines that a decision recommended. */
export function recommendedRevenue(d: DecisionRef, lines: OrderLine[]): number {
  const recommended = new Set(d.product_ids)
  return lines
    .filter((l) => recommended.has(l.product_id))
    .reduce((sum, l) => sum + l.quantity * l.unit_price, 0)
}

/**
 * Conversion (+ revenue): an order placed within the conversion window after
 * a decision contains products it recommended. Both are terminal: the order
 * ends the cart's episode.
 */
export function conversionFromOrder(
  decisions: DecisionRef[],
  lines: OrderLine[],
  orderId: string,
  placedAt: Date,
  windowMs: number
): RewardIntent[] {
  const intents: RewardIntent[] = []
  for (const d of decisions) {
    const age = placedAt.getTime() - d.created_at.getTime()
    if (age < 0 || age > windowMs) continue
    const revenue = recommendedRevenue(d, lines)
    if (revenue <= 0) continue
    const source = `order|${orderId}`
    intents.push({ decision_id: d.id, kind: "conversion", source_event_id: source, terminal: true })
    intents.push({ decision_id: d.id, kind: "revenue", source_event_id: source, revenue, terminal: true })
  }
  return intents
}

export interface EarnedByOrder {
  decision_id: string
  /** Sum of the conversion and revenue reward values the order earned. */
  value: number
  /** Revenue attributed (major units). */
  amount: number
}

/** Cancellation takes back everything the order earned, per decision. */
export function clawbackForCancel(earned: EarnedByOrder[], orderId: string): RewardIntent[] {
  return earned
    .filter((e) => e.value !== 0 || e.amount !== 0)
    .map((e) => ({
      decision_id: e.decision_id,
      kind: "clawback" as const,
      source_event_id: `cancel|${orderId}`,
      value: -e.value,
      amount: -e.amount,
      terminal: true,
    }))
}

/**
 * A return takes back the revenue term's share of the returned recommended
 * lines — the difference between the revenue reward on what was bought and
 * on what was kept — and the conversion too when nothing recommended is kept.
 */
export function clawbackForReturn(
  decisions: DecisionRef[],
  orderLines: OrderLine[],
  returned: Array<{ product_id: string; quantity: number }>,
  returnId: string,
  weights: RewardWeights
): RewardIntent[] {
  const returnedQty = new Map<string, number>()
  for (const r of returned) returnedQty.set(r.product_id, (returnedQty.get(r.product_id) ?? 0) + r.quantity)
  const kept: OrderLine[] = orderLines.map((l) => {
    const back = Math.min(l.quantity, returnedQty.get(l.product_id) ?? 0)
    returnedQty.set(l.product_id, (returnedQty.get(l.product_id) ?? 0) - back)
    return { ...l, quantity: l.quantity - back }
  })
  const intents: RewardIntent[] = []
  for (const d of decisions) {
    const before = recommendedRevenue(d, orderLines)
    if (before <= 0) continue
    const after = recommendedRevenue(d, kept)
    if (after >= before) continue
    const value =
      revenueReward(before, weights) - revenueReward(after, weights) + (after <= 0 ? weights.conversion : 0)
    intents.push({
      decision_id: d.id,
      kind: "clawback",
      source_event_id: `return|${returnId}`,
      value: -value,
      amount: -(before - after),
      terminal: true,
    })
  }
  return intents
}
