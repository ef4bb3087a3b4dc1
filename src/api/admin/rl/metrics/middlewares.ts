import { validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { AdminConvergenceQuery, AdminMetricsQuery, AdminMetricsSummary } from "./validators"

export const adminMetricsMiddlewares: MiddlewareRoute[] = [
  { method: ["GET"], matcher: "/admin/rl/metrics", middlewares: [validateAndTransformQuery(AdminMetricsQuery, {})] },
  { method: ["GET"], matcher: "/admin/rl/metrics/summary", middlewares: [validateAndTransformQuery(AdminMetricsSummary, {})] },
  { method: ["GET"], matcher: "/admin/rl/metrics/convergence", middlewares: [validateAndTransformQuery(AdminConvergenceQuery, {})] },
]
