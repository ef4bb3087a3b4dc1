/**
 * An event's state as the store would build it: from the revealed cart, the
 * customer's history before it and the clock, through the same feature
 * functions the store calls; and the state model (bin edges, countries,
 * categories) fitted on the fit period.
 */
import { mostFrequent } from "../learning/profile"
import type { ProductCard } from "../learning/ranking"
import { emptyContext, fitStateModel, type StateContext, type StateModel } from "../learning/state"
import { TAXONOMY, OTHER_CATEGORY } from "../data/online-retail/taxonomy"
import type { Basket } from "./dataset"
import { CustomerHistories } from "./knowledge"
import { makeEvents, type EvalPlacement, type TaskEvent } from "./protocol"

/**
 * The state of an event from the revealed cart (or the product page's
 * product: then there is no cart, and its category is the preference), the
 * customer's history before it and the clock.
 */
export function eventState(
  ev: TaskEvent,
  history: CustomerHistories,
  categoryOf: (id: string) => string | undefined,
  placement: EvalPlacement = "cart"
): { ctx: StateContext; categories: Set<string> } {
  const b = ev.basket
  const revealed = new Set(placement === "cart" ? ev.revealed : [])
  let total = 0
  let units = 0
  for (const l of b.lines) {
    if (!revealed.has(l.product)) continue
    total += l.quantity * l.price
    units += l.quantity
  }
  const cartCats = ev.revealed.map(categoryOf).filter((c): c is string => !!c)
  const historyCats = history.topProducts(b.customer).map(categoryOf).filter((c): c is string => !!c)
  const preferred = mostFrequent(cartCats) ?? mostFrequent(historyCats)
  const profile = history.profile(b.customer, b.date)
  const ctx = emptyContext({
    cartTotal: total,
    itemCount: units,
    secondsInSession: 0, // not in the data: one bin for all
    priceSensitivity: profile.priceSensitivity,
    engagementLevel: profile.engagementLevel,
    categoryPreference: preferred,
    hour: b.date.getUTCHours(),
    weekday: b.date.getUTCDay(),
    country: b.country,
    device: null,
    customerId: b.customer,
    placement,
  })
  return { ctx, categories: preferred ? new Set([...cartCats, preferred]) : new Set() }
}

/** Bin edges from the fit period's carts and profiles; countries with most baskets; the taxonomy's categories. */
export function fitEvalStateModel(fit: Basket[], cards: Map<string, ProductCard>): StateModel {
  const history = new CustomerHistories()
  const samples: StateContext[] = []
  const countryBaskets = new Map<string, number>()
  const categoryOf = (id: string) => cards.get(id)?.category_ids[0]
  for (const ev of makeEvents(fit, 1)) {
    samples.push(eventState(ev, history, categoryOf).ctx)
    history.add(ev.basket)
  }
  for (const b of fit) if (b.country) countryBaskets.set(b.country, (countryBaskets.get(b.country) ?? 0) + 1)
  return {
    ...fitStateModel(samples),
    countries: [...countryBaskets.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([c]) => c),
    categories: [...TAXONOMY.map((t) => t.handle), OTHER_CATEGORY.handle],
  }
}
