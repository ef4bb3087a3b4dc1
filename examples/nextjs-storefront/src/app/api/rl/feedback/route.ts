import { FEEDBACK_TYPES, RecommendationsError, type FeedbackType } from "medusa-plugin-rl-recommendations-storefront"
import { NextResponse, type NextRequest } from "next/server"
import { getCartId } from "@lib/data/cookies"
import { recommendationsClient } from "@lib/data/recommendations"

/**
 * POST /api/rl/feedback {recommendation_id, type, product_id?, token?} — the
 * browser's feedback (with the recommendation's feedback token), forwarded to
 * the store with what only this server can read: the cart id and the
 * shopper's token from the httpOnly cookies.
 * Browsers send it with `navigator.sendBeacon`, so a click that navigates
 * away is still reported (the body arrives as text/plain).
 */
export async function POST(req: NextRequest) {
  let body: unknown
  try {
    body = JSON.parse(await req.text())
  } catch {
    return NextResponse.json({ message: "The body must be JSON: {recommendation_id, type, product_id?}" }, { status: 400 })
  }
  const { recommendation_id, type, product_id, token } = (body ?? {}) as Record<string, unknown>
  if (typeof recommendation_id !== "string" || !recommendation_id) {
    return NextResponse.json({ message: "recommendation_id must be the id of a served recommendation" }, { status: 400 })
  }
  if (typeof type !== "string" || !(FEEDBACK_TYPES as readonly string[]).includes(type)) {
    return NextResponse.json({ message: `type must be one of ${FEEDBACK_TYPES.join(", ")}` }, { status: 400 })
  }
  if (product_id !== undefined && typeof product_id !== "string") {
    return NextResponse.json({ message: "product_id must be a string" }, { status: 400 })
  }
  if (token !== undefined && typeof token !== "string") {
    return NextResponse.json({ message: "token must be the recommendation's feedback_token" }, { status: 400 })
  }
  try {
    const client = await recommendationsClient()
    const feedback = await client.feedback(recommendation_id, {
      type: type as FeedbackType,
      product_id,
      token,
      cart_id: await getCartId(),
    })
    return NextResponse.json({ feedback })
  } catch (e) {
    // the store's own 4xx (not this shopper's recommendation, a bad product) passes through with its message
    const status = e instanceof RecommendationsError && e.status >= 400 && e.status < 500 ? e.status : 502
    return NextResponse.json({ message: e instanceof Error ? e.message : "The store did not answer" }, { status })
  }
}
