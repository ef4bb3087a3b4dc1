import { validateAndTransformBody, type MiddlewareRoute } from "@medusajs/framework/http"
import { rateLimit } from "../../../utils/rate-limit"
import { timeRoute } from "../../../utils/route-metrics"
import { StoreCreateRecommendation, StoreRecommendationFeedback } from "./validators"

export const storeRecommendationsMiddlewares: MiddlewareRoute[] = [
  {
    method: ["POST"],
    matcher: "/store/rl/recommendations",
    middlewares: [timeRoute("recommendations"), rateLimit("recommendations"), validateAndTransformBody(StoreCreateRecommendation)],
  },
  {
    method: ["POST"],
    matcher: "/store/rl/recommendations/:id/feedback",
    middlewares: [timeRoute("feedback"), rateLimit("feedback"), validateAndTransformBody(StoreRecommendationFeedback)],
  },
]
