import { validateAndTransformBody, type MiddlewareRoute } from "@medusajs/framework/http"
import { StoreCreateRecommendation, StoreRecommendationFeedback } from "./validators"

export const storeRecommendationsMiddlewares: MiddlewareRoute[] = [
  {
    method: ["POST"],
    matcher: "/store/rl/recommendations",
    middlewares: [validateAndTransformBody(StoreCreateRecommendation)],
  },
  {
    method: ["POST"],
    matcher: "/store/rl/recommendations/:id/feedback",
    middlewares: [validateAndTransformBody(StoreRecommendationFeedback)],
  },
]
