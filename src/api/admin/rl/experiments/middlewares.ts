import { validateAndTransformBody, validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { AdminCreateExperiment, AdminListExperiments, AdminStopExperiment } from "./validators"

export const adminExperimentsMiddlewares: MiddlewareRoute[] = [
  { method: ["GET"], matcher: "/admin/rl/experiments", middlewares: [validateAndTransformQuery(AdminListExperiments, {})] },
  { method: ["POST"], matcher: "/admin/rl/experiments", middlewares: [validateAndTransformBody(AdminCreateExperiment)] },
  { method: ["POST"], matcher: "/admin/rl/experiments/:id/stop", middlewares: [validateAndTransformBody(AdminStopExperiment)] },
]
