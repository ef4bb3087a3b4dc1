import { validateAndTransformBody, validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { AdminListShadows, AdminShadowAction, AdminStartShadow } from "./validators"

export const adminShadowsMiddlewares: MiddlewareRoute[] = [
  { method: ["GET"], matcher: "/admin/rl/shadows", middlewares: [validateAndTransformQuery(AdminListShadows, {})] },
  { method: ["POST"], matcher: "/admin/rl/shadows", middlewares: [validateAndTransformBody(AdminStartShadow)] },
  { method: ["POST"], matcher: "/admin/rl/shadows/:id/stop", middlewares: [validateAndTransformBody(AdminShadowAction)] },
  { method: ["POST"], matcher: "/admin/rl/shadows/:id/promote", middlewares: [validateAndTransformBody(AdminShadowAction)] },
]
