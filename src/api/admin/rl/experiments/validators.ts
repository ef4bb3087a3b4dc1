import { z } from "@medusajs/framework/zod"
import { EXPERIMENT_METRICS } from "../../../../learning/experiments"
import { STRATEGIES } from "../../../../learning/strategies"

const armKey = z.string().regex(/^[a-z0-9_-]{1,40}$/i, "an arm key is 1–40 letters, digits, _ or -")
const weight = z.number().gt(0).max(1)

export const ExperimentArm = z.discriminatedUnion("kind", [
  z.strictObject({ key: armKey, kind: z.literal("agent"), weight }),
  z.strictObject({ key: armKey, kind: z.literal("strategy"), strategy: z.enum(STRATEGIES), weight }),
  z.strictObject({ key: armKey, kind: z.literal("random"), weight }),
  /** another model version: a snapshot's Q-table, with its own ε (default the snapshot's) */
  z.strictObject({ key: armKey, kind: z.literal("model"), snapshot_id: z.string().min(1).max(100), epsilon: z.number().min(0).max(1).nullable().default(null), weight }),
])

export type AdminCreateExperimentType = z.infer<typeof AdminCreateExperiment>
export const AdminCreateExperiment = z.strictObject({
  name: z.string().trim().min(1).max(200),
  /** 2–4 arms whose weights sum to 1, e.g. the agent 0.8 and `popular` 0.2 */
  arms: z.array(ExperimentArm).min(2).max(4),
  /** the arm the others are compared with; default the first */
  control_arm: armKey.optional(),
  metric: z.enum(EXPERIMENT_METRICS).default("conversion"),
  /** required for the revenue metric */
  currency_code: z.string().regex(/^[a-zA-Z]{3}$/, "currency_code is an ISO 4217 code such as gbp").optional(),
})

export type AdminListExperimentsType = z.infer<typeof AdminListExperiments>
export const AdminListExperiments = z.strictObject({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})

export type AdminStopExperimentType = z.infer<typeof AdminStopExperiment>
export const AdminStopExperiment = z
  .strictObject({
    /** the arm the merchant calls the winner, kept with the experiment */
    winner_arm: armKey.optional(),
    /** serve the winner to everyone from now on: a strategy arm becomes the agent's serving strategy; the agent's arm clears it */
    make_default: z.boolean().default(false),
  })
  .refine((v) => !v.make_default || !!v.winner_arm, { message: "make_default needs the winner_arm to make the default", path: ["winner_arm"] })
