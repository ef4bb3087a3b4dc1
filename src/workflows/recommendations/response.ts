import type {
  Recommendation,
  RecommendedProduct,
  RegionSource as WireRegionSource,
  Strategy as WireStrategy,
} from "../../../packages/storefront/src/types"
import type { RankedProduct } from "../../learning/ranking"
import type { Strategy } from "../../learning/strategies"
import type { Equals } from "../../api/utils/type-equals"
import type { Intent as WireIntent, Placement as WirePlacement } from "../../../packages/storefront/src/types"
import type { Intent } from "../../learning/intents"
import type { Placement } from "../../learning/state"
import type { RegionSource } from "./region"

/** The products of a ranking as the storefront route returns them (the admin tester shows the same). */
export function recommendedProducts(products: RankedProduct[]): RecommendedProduct[] {
  return products.map((p) => ({
    id: p.card.id,
    title: p.card.title,
    handle: p.card.handle,
    thumbnail: p.card.thumbnail,
    variant_id: p.card.variant_id,
    price: { amount: p.card.amount, currency_code: p.card.currency_code },
    score: p.score,
    reason: p.reason,
  }))
}

/** The one place a storefront recommendation is shaped: typed by the storefront package's contract. */
export function recommendationResponse(input: Recommendation): Recommendation {
  return input
}

// the server's own unions are the contract's: a strategy or region source added on one side only fails here
const strategiesMatch: Equals<Strategy, WireStrategy> = true
const sourcesMatch: Equals<RegionSource, WireRegionSource> = true
const placementsMatch: Equals<Placement, WirePlacement> = true
const intentsMatch: Equals<Intent, WireIntent> = true
void strategiesMatch
void sourcesMatch
void placementsMatch
void intentsMatch
