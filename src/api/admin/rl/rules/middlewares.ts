import { validateAndTransformBody, validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { AdminCreateRule, AdminListRuleAudit, AdminUpdateRule } from "./validators"

export const adminRulesMiddlewares: MiddlewareRoute[] = [
  { method: ["POST"], matcher: "/admin/rl/rules", middlewares: [validateAndTransformBody(AdminCreateRule)] },
  { method: ["GET"], matcher: "/admin/rl/rules/audit", middlewares: [validateAndTransformQuery(AdminListRuleAudit, {})] },
  { method: ["POST"], matcher: "/admin/rl/rules/:id", middlewares: [validateAndTransformBody(AdminUpdateRule)] },
]
