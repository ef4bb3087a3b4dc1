/**
 * Which decision earned what, from what the shop's records say happened.
 * Plain data in, reward intents out; the module applies them idempotently.
 */
import { ENGAGEMENT_SOURCE, revenueReward, type RewardWeights } from "./reward"

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
 * The attribution rule, one for every reward, KPI and estimate: a product
 * credits the **last decision that recommended it before it entered the
 * cart**, if that decision is at most `windowMs` older. Earlier decisions on
 * the same cart that listed it too get nothing: the widget asks again on
 * every cart change, and the shopper acted on the list they last saw.
 * `decisions` in any order.
 */
export function creditedDecision(decisions: DecisionRef[], productId: string, enteredAt: Date, windowMs: number): DecisionRef | null {
  const at = enteredAt.getTime()
  let best: DecisionRef | null = null
  for (const d of decisions) {
    const t = d.created_at.getTime()
    if (t > at || at - t > windowMs || !d.product_ids.includes(productId)) continue
    if (!best || t > best.created_at.getTime() || (t === best.created_at.getTime() && d.id > best.id)) best = d
  }
  return best
}

/**
 * Engagement: a recommended product added to the cart, credited by the
 * rule above (within the attribution window). A decision earns engagement
 * once, however many of its products are added, and a click reported by the
 * storefront shares the same key: the first of them counts.
 */
export function engagementFromCart(decisions: DecisionRef[], lines: CartLine[], windowMs: number): RewardIntent[] {
  const intents: RewardIntent[] = []
  const engaged = new Set<string>()
  for (const line of [...lines].sort((a, b) => a.created_at.getTime() - b.created_at.getTime())) {
    const d = creditedDecision(decisions, line.product_id, line.created_at, windowMs)
    if (!d || engaged.has(d.id)) continue
    engaged.add(d.id)
    intents.push({ decision_id: d.id, kind: "engagement", source_event_id: ENGAGEMENT_SOURCE, product_id: line.product_id })
  }
  return intents
}

export interface OrderAttribution {
  /** Per credited decision, the products of the order it is credited with. */
  credited: Map<string, Set<string>>
  /** The one decision the order's conversion goes to: the most revenue credited, the latest on a tie. */
  converted: string | null
}

/**
 * Which decision each line of an order credits: the rule above, with the
 * time each product entered the cart (`enteredAt`; the order's time when the
 * cart no longer shows it) and the conversion window counted to the order.
 */
export function attributeOrder(
  decisions: DecisionRef[],
  lines: OrderLine[],
  enteredAt: ReadonlyMap<string, Date>,
  placedAt: Date,
  windowMs: number
): OrderAttribution {
  const credited = new Map<string, Set<string>>()
  const revenue = new Map<string, number>()
  for (const line of lines) {
    const entered = enteredAt.get(line.product_id) ?? placedAt
    const d = creditedDecision(decisions, line.product_id, entered < placedAt ? entered : placedAt, windowMs)
    if (!d || placedAt.getTime() - d.created_at.getTime() > windowMs) continue
    const set = credited.get(d.id) ?? new Set<string>()
    set.add(line.product_id)
    credited.set(d.id, set)
    revenue.set(d.id, (revenue.get(d.id) ?? 0) + line.quantity * line.unit_price)
  }
  let converted: string | null = null
  const createdAt = new Map(decisions.map((d) => [d.id, d.created_at.getTime()]))
  for (const [id, r] of revenue) {
    if (r <= 0) continue
    const best = converted === null ? -1 : revenue.get(converted)!
    if (r > best || (r === best && createdAt.get(id)! > createdAt.get(converted!)!)) converted = id
  }
  return { credited, converted }
}

function creditedRevenue(products: Set<string> | undefined, lines: OrderLine[]): number {
  if (!products) return 0
  return lines.filter((l) => products.has(l.product_id)).reduce((sum, l) => sum + l.quantity * l.unit_price, 0)
}

/**
 * Conversion and revenue of an order, by the rule: each credited decision
 * earns the revenue of its products; the order's one conversion goes to the
 * decision credited with the most. All terminal: the order ends the episode.
 */
export function conversionFromOrder(
  decisions: DecisionRef[],
  lines: OrderLine[],
  orderId: string,
  placedAt: Date,
  windowMs: number,
  enteredAt: ReadonlyMap<string, Date> = new Map()
): RewardIntent[] {
  const { credited, converted } = attributeOrder(decisions, lines, enteredAt, placedAt, windowMs)
  const source = `order|${orderId}`
  const intents: RewardIntent[] = []
  for (const d of decisions) {
    const revenue = creditedRevenue(credited.get(d.id), lines)
    if (revenue <= 0) continue
    if (d.id === converted) intents.push({ decision_id: d.id, kind: "conversion", source_event_id: source, terminal: true })
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
 * A return takes back, from each decision the order credited, the revenue
 * term's share of its returned lines — the difference between the revenue
 * reward on what it was credited and on what is kept — and from the decision
 * that got the conversion, the conversion too when nothing credited is kept.
 */
export function clawbackForReturn(
  decisions: DecisionRef[],
  orderLines: OrderLine[],
  returned: Array<{ product_id: string; quantity: number }>,
  returnId: string,
  weights: RewardWeights,
  attribution: OrderAttribution
): RewardIntent[] {
  const returnedQty = new Map<string, number>()
  for (const r of returned) returnedQty.set(r.product_id, (returnedQty.get(r.product_id) ?? 0) + r.quantity)
  const kept: OrderLine[] = orderLines.map((l) => {
    const back = Math.min(l.quantity, returnedQty.get(l.product_id) ?? 0)
    returnedQty.set(l.product_id, (returnedQty.get(l.product_id) ?? 0) - back)
    return { ...l, quantity: l.quantity - back }
  })
  const keptCredited = [...attribution.credited.values()].reduce((sum, products) => sum + creditedRevenue(products, kept), 0)
  const intents: RewardIntent[] = []
  for (const d of decisions) {
    const products = attribution.credited.get(d.id)
    const before = creditedRevenue(products, orderLines)
    if (before <= 0) continue
    const after = creditedRevenue(products, kept)
    if (after >= before) continue
    const conversion = d.id === attribution.converted && keptCredited <= 0 ? weights.conversion : 0
    const value = revenueReward(before, weights) - revenueReward(after, weights) + conversion
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
