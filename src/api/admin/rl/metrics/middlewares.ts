import { validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { AdminMetricsQuery, AdminMetricsSummary } from "./validators"

export const adminMetricsMiddlewares: MiddlewareRoute[] = [
  { method: ["GET"], matcher: "/admin/rl/metrics", middlewares: [validateAndTransformQuery(AdminMetricsQuery, {})] },
  { method: ["GET"], matcher: "/admin/rl/metrics/summary", middlewares: [validateAndTransformQuery(AdminMetricsSummary, {})] },
]
