import { defineMiddlewares } from "@medusajs/framework/http"
import { adminAgentMiddlewares } from "./admin/rl/agent/middlewares"
import { adminAlertsMiddlewares } from "./admin/rl/alerts/middlewares"
import { adminCustomersMiddlewares } from "./admin/rl/customers/middlewares"
import { adminTesterMiddlewares } from "./admin/rl/tester/middlewares"
import { adminMetricsMiddlewares } from "./admin/rl/metrics/middlewares"
import { adminSnapshotsMiddlewares } from "./admin/rl/snapshots/middlewares"
import { adminDecisionsMiddlewares } from "./admin/rl/decisions/middlewares"
import { adminEvaluationsMiddlewares } from "./admin/rl/evaluations/middlewares"
import { adminExperimentsMiddlewares } from "./admin/rl/experiments/middlewares"
import { adminShadowsMiddlewares } from "./admin/rl/shadows/middlewares"
import { adminFailedJobsMiddlewares } from "./admin/rl/failed-jobs/middlewares"
import { adminImportsMiddlewares } from "./admin/rl/imports/middlewares"
import { adminRulesMiddlewares } from "./admin/rl/rules/middlewares"
import { rejectDeepBody } from "./utils/body-depth"
import { rejectMalformedPath } from "./utils/path-guard"
import { rlErrorHandler } from "./utils/error-handler"
import { storeRecommendationsMiddlewares } from "./store/rl/recommendations/middlewares"
import { scheduleCatalogWarmUp } from "../workflows/recommendations/warm-up"
import { scheduleRouteMinutesFlush } from "./utils/route-metrics"

// Medusa loads this file only in a process that serves HTTP: where the catalogue snapshots are used
scheduleCatalogWarmUp()
// …and where the store routes are timed: their minutes are written for the alerts
scheduleRouteMinutesFlush()

export default defineMiddlewares({
  errorHandler: rlErrorHandler(),
  routes: [
    // control characters and overlong segments in the plugin's paths never reach a route or Postgres
    // …nor does a body nested deeply enough to overflow a validator's stack
    { matcher: "/store/rl/*", middlewares: [rejectMalformedPath, rejectDeepBody] },
    { matcher: "/admin/rl/*", middlewares: [rejectMalformedPath, rejectDeepBody] },
    ...storeRecommendationsMiddlewares,
    ...adminAgentMiddlewares,
    ...adminAlertsMiddlewares,
    ...adminFailedJobsMiddlewares,
    ...adminImportsMiddlewares,
    ...adminEvaluationsMiddlewares,
    ...adminExperimentsMiddlewares,
    ...adminShadowsMiddlewares,
    ...adminDecisionsMiddlewares,
    ...adminSnapshotsMiddlewares,
    ...adminMetricsMiddlewares,
    ...adminTesterMiddlewares,
    ...adminCustomersMiddlewares,
    ...adminRulesMiddlewares,
  ],
})
