import { validateAndTransformBody, type MiddlewareRoute } from "@medusajs/framework/http"
import { AdminUpdateAgent } from "./validators"

export const adminAgentMiddlewares: MiddlewareRoute[] = [
  {
    method: ["PATCH"],
    matcher: "/admin/rl/agent",
    middlewares: [validateAndTransformBody(AdminUpdateAgent)],
  },
]
