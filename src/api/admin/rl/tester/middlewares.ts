import { validateAndTransformBody, type MiddlewareRoute } from "@medusajs/framework/http"
import { AdminPreviewRecommendation, AdminSimulateFeedback } from "./validators"

export const adminTesterMiddlewares: MiddlewareRoute[] = [
  { method: ["POST"], matcher: "/admin/rl/tester", middlewares: [validateAndTransformBody(AdminPreviewRecommendation)] },
  { method: ["POST"], matcher: "/admin/rl/tester/simulate", middlewares: [validateAndTransformBody(AdminSimulateFeedback)] },
]
