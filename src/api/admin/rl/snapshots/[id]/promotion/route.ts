import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { evaluateSnapshotPromotion } from "../../../../../../workflows/agent/promotion"

/** Whether the snapshot may be promoted to serving, and why: its off-policy value on the live log against the current policy's. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ promotion: await evaluateSnapshotPromotion(req.scope, req.params.id) })
}
