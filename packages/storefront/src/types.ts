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

/** Where the widget is shown: a cart (or mini-cart), a product page, the home page, the checkout. */
export const PLACEMENTS = ["cart", "product", "home", "checkout"] as const
export type Placement = (typeof PLACEMENTS)[number]

/** What the list is for: products bought with the anchor (`complementary`) or in its place (`similar`). */
export const INTENTS = ["complementary", "similar"] as const
export type Intent = (typeof INTENTS)[number]

/**
 * Why a product was shown, from the scores that ranked it:
 * - `bought_with`: bought in the same baskets as these products (the page's product or the cart's);
 * - `bought_before`: the customer bought it before;
 * - `similar_to`: a substitute for this product (same category, close in price, bought with the same things);
 * - `in_category`: in a category of the cart (or of the page's product);
 * - `in_price_band` / `near_price_band`: the price strategy's band, or the nearest price to it when the band is short;
 * - `popular_now`: among the best sellers;
 * - `pinned`: the merchant pinned it to this placement.
 */
export type RecommendationReason =
  | { kind: "bought_with"; product_ids: string[] }
  | { kind: "bought_before" }
  | { kind: "similar_to"; product_id: string }
  | { kind: "in_category"; category_id: string }
  | { kind: "in_price_band"; band: "low" | "medium" | "high" }
  | { kind: "near_price_band"; band: "low" | "medium" | "high" }
  | { kind: "popular_now" }
  | { kind: "pinned" }

/** Why the strategy's own signal could not fill the list (see the README). */
export type RecommendationFallback =
  | "no_sales_history"
  | "no_cart_categories"
  | "no_category_matches"
  | "no_customer_history"
  | "filled_from_popular"
  | "price_band_short"
  | "few_similar_products"
  | "limited_by_rules"

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
  /**
   * Where the list is shown (default: `product` with a `product_id`, else `cart` with a `cart_id`,
   * else `home`). Part of the agent's state: each placement learns its own strategy.
   */
  placement?: Placement
  /** The product page's product: recommended around, never itself. Required for (and implies) `product`. */
  product_id?: string
  /** Bought together (`complementary`, the default) or substitutes (`similar`, needs a `product_id` or a cart). */
  intent?: Intent
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
  /** Why it was shown. */
  reason: RecommendationReason
}

export interface Recommendation {
  /** The decision's id: send it back with feedback. */
  id: string
  /**
   * Proves this decision was served to the holder: feedback sent with it (`view`, `click`,
   * `dismiss`) needs no cart or customer. An HMAC of the id: it opens this decision and no other.
   */
  feedback_token: string
  placement: Placement
  intent: Intent
  /** The product page's product, when there is one. */
  product_id: string | null
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
  /** The recommendation's `feedback_token`: enough for `view`, `click` and `dismiss` without a cart. */
  token?: string
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
