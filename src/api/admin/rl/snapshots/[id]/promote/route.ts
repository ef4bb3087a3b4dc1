import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { promoteSnapshotWorkflow } from "../../../../../../workflows/agent/workflows/promote-snapshot"
import type { AdminPromoteSnapshotType } from "../../validators"

/** Makes the snapshot the serving model when the promotion rule allows it (400 saying why not otherwise). */
export const POST = async (req: AuthenticatedMedusaRequest<AdminPromoteSnapshotType>, res: MedusaResponse) => {
  const { result } = await promoteSnapshotWorkflow(req.scope).run({ input: { snapshot_id: req.params.id } })
  res.json({ promotion: result.verdict, restored: result.restored })
}
