import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { promoteShadowWorkflow } from "../../../../../../workflows/shadows/workflows/promote-shadow"

/** Makes the candidate the serving policy when the promotion rule allows it (400 saying why not otherwise). */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await promoteShadowWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.json(result)
}
