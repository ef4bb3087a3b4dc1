import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { RL_AGENT_MODULE } from "../../../../modules/rl-agent"
import type RlAgentModuleService from "../../../../modules/rl-agent/service"
import type { AdminCreateSnapshotType, AdminListSnapshotsType } from "./validators"

const FIELDS = ["id", "label", "reason", "model_version", "agent", "states", "entries", "created_at"]

/** Snapshots, newest first: one query for the page and its count (the values are not loaded). */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminListSnapshotsType>, res: MedusaResponse) => {
  const { offset, limit } = req.validatedQuery as AdminListSnapshotsType
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const [snapshots, count] = await rl.listAndCountRlSnapshots({}, { select: FIELDS, skip: offset, take: limit, order: { created_at: "DESC" } })
  res.json({ snapshots, count, offset, limit })
}

/** Takes a snapshot of the agent and its Q-table now. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminCreateSnapshotType>, res: MedusaResponse) => {
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const created = await rl.createSnapshot({ reason: "manual", label: req.validatedBody.label ?? null })
  const [snapshot] = await rl.listRlSnapshots({ id: created.id }, { select: FIELDS })
  res.status(201).json({ snapshot })
}
