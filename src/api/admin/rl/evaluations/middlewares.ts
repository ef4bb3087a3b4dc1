import type { MiddlewareRoute } from "@medusajs/framework/http"
import { validateAndTransformQuery } from "@medusajs/framework/http"
import { AdminOpeQuery } from "./validators"

export const adminEvaluationsMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: "/admin/rl/evaluations/ope",
    middlewares: [validateAndTransformQuery(AdminOpeQuery, {})],
  },
]
