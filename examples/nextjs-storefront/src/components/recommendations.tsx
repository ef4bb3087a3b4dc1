import { getRecommendations } from "@lib/data/recommendations"
import { RecommendationStrip } from "./recommendation-strip"

/** Server component: fetched with the shopper's cookies while the page renders, so it is in the HTML. */
export async function Recommendations({ countryCode, limit = 4 }: { countryCode: string; limit?: number }) {
  const recommendation = await getRecommendations(countryCode, limit)
  if (!recommendation) return null
  return <RecommendationStrip recommendation={recommendation} countryCode={countryCode} />
}
