import { validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { AdminMetricsQuery } from "./validators"

export const adminMetricsMiddlewares: MiddlewareRoute[] = [
  { method: ["GET"], matcher: "/admin/rl/metrics", middlewares: [validateAndTransformQuery(AdminMetricsQuery, {})] },
]
