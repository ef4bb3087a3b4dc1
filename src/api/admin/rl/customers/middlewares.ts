import { validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { AdminCustomerInsight } from "./validators"

export const adminCustomersMiddlewares: MiddlewareRoute[] = [
  { method: ["GET"], matcher: "/admin/rl/customers/:id", middlewares: [validateAndTransformQuery(AdminCustomerInsight, {})] },
]
