import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { stopExperimentWorkflow } from "../../../../../../workflows/experiments/workflows/stop-experiment"
import type { AdminStopExperimentType } from "../../validators"

/** Stops the experiment: every shopper is served by the agent again (or by the winner, with `make_default`); its decisions and results stay. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminStopExperimentType>, res: MedusaResponse) => {
  const { result } = await stopExperimentWorkflow(req.scope).run({
    input: { id: req.params.id, winner_arm: req.validatedBody.winner_arm ?? null, make_default: req.validatedBody.make_default },
  })
  // restored: a model arm made the default (its snapshot now serves; pre_restore_snapshot_id rolls it back)
  res.json({ experiment: result.experiment, restored: result.restored })
}
