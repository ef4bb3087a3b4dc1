import { validateAndTransformBody, type MiddlewareRoute } from "@medusajs/framework/http"
import { rateLimit } from "../../../utils/rate-limit"
import { StoreCreateRecommendation, StoreRecommendationFeedback } from "./validators"

export const storeRecommendationsMiddlewares: MiddlewareRoute[] = [
  {
    method: ["POST"],
    matcher: "/store/rl/recommendations",
    middlewares: [rateLimit("recommendations"), validateAndTransformBody(StoreCreateRecommendation)],
  },
  {
    method: ["POST"],
    matcher: "/store/rl/recommendations/:id/feedback",
    middlewares: [rateLimit("feedback"), validateAndTransformBody(StoreRecommendationFeedback)],
  },
]
