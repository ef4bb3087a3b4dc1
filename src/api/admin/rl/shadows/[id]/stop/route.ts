import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { stopShadowWorkflow } from "../../../../../../workflows/shadows/workflows/stop-shadow"

/** Stops logging the candidate; what it logged stays readable. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await stopShadowWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.json({ shadow: result })
}
