import { validateAndTransformBody, validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { AdminCreateSnapshot, AdminListSnapshots, AdminPromoteSnapshot, AdminRestoreSnapshot } from "./validators"

export const adminSnapshotsMiddlewares: MiddlewareRoute[] = [
  { method: ["GET"], matcher: "/admin/rl/snapshots", middlewares: [validateAndTransformQuery(AdminListSnapshots, {})] },
  { method: ["POST"], matcher: "/admin/rl/snapshots", middlewares: [validateAndTransformBody(AdminCreateSnapshot)] },
  { method: ["POST"], matcher: "/admin/rl/snapshots/:id/restore", middlewares: [validateAndTransformBody(AdminRestoreSnapshot)] },
  { method: ["POST"], matcher: "/admin/rl/snapshots/:id/promote", middlewares: [validateAndTransformBody(AdminPromoteSnapshot)] },
]
