import { validateAndTransformBody, validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { AdminCheckAlerts, AdminListAlerts } from "./validators"

export const adminAlertsMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: "/admin/rl/alerts",
    middlewares: [validateAndTransformQuery(AdminListAlerts, {})],
  },
  {
    method: ["POST"],
    matcher: "/admin/rl/alerts/check",
    middlewares: [validateAndTransformBody(AdminCheckAlerts)],
  },
]
