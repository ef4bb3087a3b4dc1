import { validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { AdminListDecisions } from "./validators"

export const adminDecisionsMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: "/admin/rl/decisions",
    middlewares: [validateAndTransformQuery(AdminListDecisions, {})],
  },
]
