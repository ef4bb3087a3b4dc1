/**
 * The wire contract of the plugin's storefront routes: what a storefront
 * sends and receives. The server is typed against these (its validators
 * and response builder are checked to match them at compile time), so the
 * client and the routes cannot drift apart. No imports: this file is
 * shared by the server, the admin and this package.
 */

export const STRATEGIES = ["low_price", "medium_price", "high_price", "category_match", "popular", "personalized"] as const
export type Strategy = (typeof STRATEGIES)[number]

export const FEEDBACK_TYPES = ["view", "click", "add_to_cart", "dismiss"] as const
export type FeedbackType = (typeof FEEDBACK_TYPES)[number]

export const DEVICES = ["desktop", "mobile", "tablet"] as const
export type Device = (typeof DEVICES)[number]

/** Why the strategy's own signal could not fill the list (see the README). */
export type RecommendationFallback =
  | "no_sales_history"
  | "no_cart_categories"
  | "no_category_matches"
  | "no_customer_history"
  | "filled_from_popular"
  | "price_band_short"

/** Why a region was chosen for a shopper: the cart's, the request's, …, the oldest region. */
export type RegionSource =
  | "cart"
  | "request"
  | "country"
  | "store_default"
  | "only_region"
  | "default_currency"
  | "oldest_region"

/** Body of `POST /store/rl/recommendations`. Every field is optional. */
export interface RecommendationsRequest {
  /** The shopper's cart: its items, region and customer shape the recommendation. */
  cart_id?: string
  /** Products to return, 1–50 (default: the plugin's `defaultLimit`). */
  limit?: number
  /** Without a cart: the region to price in (else the country's, else the store's default…). */
  region_id?: string
  /** Without a cart: ISO 3166-1 alpha-2 country of the shopper (the storefront's `countryCode`). */
  country_code?: string
  context?: {
    device?: Device
    session_id?: string
  }
}

export interface RecommendedProduct {
  id: string
  title: string
  handle: string
  thumbnail: string | null
  variant_id: string
  /** In the currency's major unit (12.5 = €12.50). */
  price: { amount: number; currency_code: string }
  /** The strategy's relevance in (0, 1], highest first. */
  score: number
}

export interface Recommendation {
  /** The decision's id: send it back with feedback. */
  id: string
  strategy: Strategy
  /** The ε branch picked the strategy at random. */
  explored: boolean
  /** The probability the policy had of picking it. */
  propensity: number
  model_version: number
  fallback: RecommendationFallback | null
  /** The reward queue is unreachable: served and logged, learnt from once it is back. */
  degraded: boolean
  /** Where the prices come from, and why that region. */
  region: { id: string; currency_code: string; source: RegionSource }
  /** The price strategies' thresholds in this currency, and where they come from. */
  price_bands: { low: number; high: number; source: "option" | "fitted" | "default" }
  products: RecommendedProduct[]
}

/** `POST /store/rl/recommendations` answers `{ recommendation }`. */
export interface RecommendationsResponse {
  recommendation: Recommendation
}

/** Body of `POST /store/rl/recommendations/:id/feedback`. */
export interface FeedbackRequest {
  type: FeedbackType
  /** One of the recommended products. */
  product_id?: string
  /** The cart the recommendation was served for (not needed when signed in as its customer). */
  cart_id?: string
}

export interface FeedbackResponse {
  feedback: {
    recommendation_id: string
    type: FeedbackType
    product_id: string | null
    /** False when this (recommendation, type, product) had already been counted. */
    counted: boolean
    reward: number
  }
}
