/** The module's data models: their generated CRUD is part of the service (`MedusaService`). */
import RlAgent from "./models/agent"
import RlAlert from "./models/alert"
import RlCoPurchase from "./models/co-purchase"
import RlConvergenceDaily from "./models/convergence-daily"
import RlCustomerProfile from "./models/customer-profile"
import RlDecision from "./models/decision"
import RlEvaluation from "./models/evaluation"
import RlExperiment from "./models/experiment"
import RlImportRun from "./models/import-run"
import RlMetricHourly from "./models/metric-hourly"
import RlOutbox from "./models/outbox"
import RlProductStat from "./models/product-stat"
import RlPurchase from "./models/purchase"
import RlQValue from "./models/q-value"
import RlReward from "./models/reward"
import RlRouteMinute from "./models/route-minute"
import RlSnapshot from "./models/snapshot"
import RlSnapshotValue from "./models/snapshot-value"
import RlShadow from "./models/shadow"
import RlSweepCursor from "./models/sweep-cursor"
import RlMerchandisingRule from "./models/merchandising-rule"
import RlRuleAudit from "./models/rule-audit"

export const RL_AGENT_MODELS = {
  RlAgent,
  RlAlert,
  RlCoPurchase,
  RlConvergenceDaily,
  RlCustomerProfile,
  RlDecision,
  RlEvaluation,
  RlExperiment,
  RlImportRun,
  RlMetricHourly,
  RlOutbox,
  RlProductStat,
  RlPurchase,
  RlQValue,
  RlReward,
  RlRouteMinute,
  RlSnapshot,
  RlShadow,
  RlSnapshotValue,
  RlSweepCursor,
  RlMerchandisingRule,
  RlRuleAudit,
}
