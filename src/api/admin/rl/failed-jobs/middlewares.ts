import { validateAndTransformBody, validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { AdminListFailedJobs, AdminRetryFailedJobs } from "./validators"

export const adminFailedJobsMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: "/admin/rl/failed-jobs",
    middlewares: [validateAndTransformQuery(AdminListFailedJobs, {})],
  },
  {
    method: ["POST"],
    matcher: "/admin/rl/failed-jobs/retry",
    middlewares: [validateAndTransformBody(AdminRetryFailedJobs)],
  },
]
