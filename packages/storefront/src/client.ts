/**
 * A typed client for the plugin's storefront routes. Framework-free: it
 * needs only `fetch`, the store's URL and a publishable key, or an existing
 * `@medusajs/js-sdk` instance (its `client.fetch` carries the key and the
 * customer's session).
 */

import type {
  FeedbackRequest,
  FeedbackResponse,
  Recommendation,
  RecommendationsRequest,
  RecommendationsResponse,
} from "./types.js"

/** The part of `@medusajs/js-sdk`'s `Medusa` instance this client uses. */
export interface JsSdkLike {
  // body and headers as js-sdk's FetchArgs types them: a narrower type here would not accept a real sdk
  client: { fetch<T>(path: string, init?: { method?: string; body?: Record<string, any>; headers?: Record<string, string> }): Promise<T> }
}

/**
 * `headers` go with every call: on a server (the Next.js starter's), the
 * shopper's `authorization: Bearer <_medusa_jwt>` read from the cookie.
 */
export type ClientConfig =
  | { baseUrl: string; publishableKey: string; fetch?: typeof fetch; headers?: Record<string, string> }
  | { sdk: JsSdkLike; headers?: Record<string, string> }

export class RecommendationsClient {
  constructor(protected readonly config: ClientConfig) {}

  protected async post<T>(path: string, body: object): Promise<T> {
    if ("sdk" in this.config) {
      try {
        return await this.config.sdk.client.fetch<T>(path, { method: "POST", body: body as Record<string, any>, headers: this.config.headers ?? {} })
      } catch (e) {
        // one error type whichever transport: the sdk's FetchError carries the route's status and message
        const status = typeof (e as { status?: unknown })?.status === "number" ? (e as { status: number }).status : 0
        throw new RecommendationsError(status, e instanceof Error ? e.message : String(e))
      }
    }
    const f = this.config.fetch ?? fetch
    const res = await f(`${this.config.baseUrl.replace(/\/$/, "")}${path}`, {
      method: "POST",
      credentials: "include",
      headers: {
        "content-type": "application/json",
        "x-publishable-api-key": this.config.publishableKey,
        ...(this.config.headers ?? {}),
      },
      body: JSON.stringify(body),
    })
    const data = await res.json().catch(() => ({}))
    if (!res.ok) {
      throw new RecommendationsError(res.status, (data as any)?.message ?? res.statusText)
    }
    return data as T
  }

  /** Products to show for a cart (or for the session's customer without one). */
  async recommend(input: RecommendationsRequest = {}): Promise<Recommendation> {
    const { recommendation } = await this.post<RecommendationsResponse>("/store/rl/recommendations", input)
    return recommendation
  }

  /** Reports what the shopper did with a recommendation; `cart_id` proves it was served to this cart. */
  async feedback(recommendationId: string, input: FeedbackRequest): Promise<FeedbackResponse["feedback"]> {
    const { feedback } = await this.post<FeedbackResponse>(
      `/store/rl/recommendations/${encodeURIComponent(recommendationId)}/feedback`,
      input
    )
    return feedback
  }
}

/** A route's refusal (`status` 4xx/5xx, the route's message) or no answer at all (`status` 0). */
export class RecommendationsError extends Error {
  constructor(readonly status: number, message: string) {
    super(message)
    this.name = "RecommendationsError"
  }
}
