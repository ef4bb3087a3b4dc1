import { defineMiddlewares } from "@medusajs/framework/http"
import { adminAgentMiddlewares } from "./admin/rl/agent/middlewares"
import { storeRecommendationsMiddlewares } from "./store/rl/recommendations/middlewares"

export default defineMiddlewares({
  routes: [...storeRecommendationsMiddlewares, ...adminAgentMiddlewares],
})
