/**
 * Live experiments (learning/experiments.ts has the assignment and the
 * statistics): starting and stopping one, the running one as every
 * recommendation reads it (cached a few seconds per process), and an
 * experiment's results — each arm's outcomes, and each arm against the
 * control on the primary metric with a 95% interval and a verdict.
 */
import type { Context } from "@medusajs/framework/types"
import { InjectManager, MedusaContext, MedusaError } from "@medusajs/framework/utils"
import {
  armsError,
  compareArms,
  sampleMean,
  type ArmOutcome,
  type ArmSpec,
  type ExperimentArmResult,
  type ExperimentMetric,
} from "../../../learning/experiments"
import { Cached } from "../cached"
import {
  createExperimentSql,
  experimentOutcomesSql,
  getExperimentSql,
  listExperimentsSql,
  runningExperimentSql,
  stopExperimentSql,
  type ExperimentRow,
} from "../repositories/experiments"
import { managerOf, sqlOrShared } from "../repositories/sql"
import type { ShadowsService } from "./shadows"

type Deps = { baseRepository: any; shadowsService: ShadowsService }

/** How long a process serves the experiment it read before reading again: a start or stop reaches every process within it. */
export const RUNNING_EXPERIMENT_TTL_MS = 5_000

export type ExperimentResults = { experiment: ExperimentRow; arms: ExperimentArmResult[] }

export type CreateExperimentInput = {
  name: string
  arms: ArmSpec[]
  control_arm: string
  metric: ExperimentMetric
  currency_code?: string | null
  created_by?: string | null
}

export class ExperimentsService {
  protected readonly baseRepository_: any
  protected readonly shadows_: ShadowsService
  protected readonly running_ = new Cached<ExperimentRow | null>(() => RUNNING_EXPERIMENT_TTL_MS)

  constructor({ baseRepository, shadowsService }: Deps) {
    this.baseRepository_ = baseRepository
    this.shadows_ = shadowsService
  }

  /** The running experiment, read at most once per RUNNING_EXPERIMENT_TTL_MS (the recommendation route's read). */
  getRunning(): Promise<ExperimentRow | null> {
    return this.running_.get(() => runningExperimentSql(sqlOrShared({}, this.baseRepository_)))
  }

  @InjectManager()
  async create(input: CreateExperimentInput, @MedusaContext() sharedContext: Context = {}): Promise<ExperimentRow> {
    const bad = armsError(input.arms)
    if (bad) throw new MedusaError(MedusaError.Types.INVALID_DATA, `arms: ${bad}`)
    if (!input.arms.some((a) => a.key === input.control_arm)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `control_arm "${input.control_arm}" is not one of the arms (${input.arms.map((a) => a.key).join(", ")})`)
    }
    // a model arm serves a snapshot's table: it must exist and hold Q values
    for (const arm of input.arms) if (arm.kind === "model") await this.shadows_.assertCandidateSnapshot(arm.snapshot_id, sharedContext)
    if (input.metric === "revenue" && !input.currency_code) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "currency_code is required when the metric is revenue: amounts of different currencies are not compared")
    }
    const row = await createExperimentSql(managerOf(sharedContext), {
      name: input.name,
      arms: input.arms,
      control_arm: input.control_arm,
      metric: input.metric,
      currency_code: input.currency_code?.toLowerCase() ?? null,
      created_by: input.created_by ?? null,
    })
    this.running_.clear()
    return row
  }

  @InjectManager()
  async stop(id: string, winnerArm: string | null, @MedusaContext() sharedContext: Context = {}): Promise<ExperimentRow> {
    const m = managerOf(sharedContext)
    const experiment = await getExperimentSql(m, id)
    if (!experiment) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Experiment ${id} was not found`)
    if (winnerArm !== null && !experiment.arms.some((a) => a.key === winnerArm)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `winner_arm "${winnerArm}" is not one of the arms (${experiment.arms.map((a) => a.key).join(", ")})`)
    }
    const stopped = await stopExperimentSql(m, id, winnerArm)
    if (!stopped) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Experiment ${id} is not running (stopped at ${experiment.stopped_at?.toISOString()})`)
    this.running_.clear()
    return stopped
  }

  @InjectManager()
  async list(page: { offset: number; limit: number }, @MedusaContext() sharedContext: Context = {}) {
    return listExperimentsSql(managerOf(sharedContext), page)
  }

  @InjectManager()
  async results(id: string, @MedusaContext() sharedContext: Context = {}): Promise<ExperimentResults> {
    const m = managerOf(sharedContext)
    const experiment = await getExperimentSql(m, id)
    if (!experiment) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Experiment ${id} was not found`)
    const outcomes = new Map((await experimentOutcomesSql(m, id, experiment.currency_code)).map((o) => [o.arm, o]))
    const empty = (arm: string): ArmOutcome => ({
      arm,
      decisions: 0,
      conversions: 0,
      engagements: 0,
      revenue: 0,
      samples: { conversion: { n: 0, sum: 0, sumSquares: 0 }, engagement: { n: 0, sum: 0, sumSquares: 0 }, revenue: { n: 0, sum: 0, sumSquares: 0 } },
    })
    const control = outcomes.get(experiment.control_arm) ?? empty(experiment.control_arm)
    const arms = experiment.arms.map((spec) => {
      const o = outcomes.get(spec.key) ?? empty(spec.key)
      return {
        ...o,
        spec,
        mean: sampleMean(o.samples[experiment.metric]),
        comparison:
          spec.key === experiment.control_arm
            ? null
            : compareArms({ ...control.samples[experiment.metric], label: control.arm }, { ...o.samples[experiment.metric], label: spec.key }, experiment.metric),
      }
    })
    return { experiment, arms }
  }
}
