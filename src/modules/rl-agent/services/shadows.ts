/**
 * Candidate policies beside the serving one: a snapshot's Q-table read per
 * state (what a shadow or a model arm draws from, cached: a snapshot never
 * changes), and the shadow candidates — starting and ending one, the running
 * one as every recommendation reads it (cached a few seconds per process),
 * and its log for the off-policy estimate.
 */
import type { Context } from "@medusajs/framework/types"
import { InjectManager, InjectTransactionManager, MedusaContext, MedusaError } from "@medusajs/framework/utils"
import { DEFAULT_STATE_MODEL, stateKey, type StateContext, type StateModel } from "../../../learning/state"
import type { Strategy } from "../../../learning/strategies"
import { assertModelRows, snapshotMetaSql, snapshotValuesSql, type ModelRow, type SnapshotMeta } from "../repositories/q-table"
import { Cached, CachedByKey } from "../cached"
import {
  createShadowSql,
  endShadowSql,
  getShadowSql,
  importSnapshotSql,
  listShadowsSql,
  runningShadowSql,
  shadowCountsSql,
  shadowLogSql,
  type ShadowCounts,
  type ShadowLogEntry,
  type ShadowRow,
} from "../repositories/shadows"
import { managerOf, sqlOrShared } from "../repositories/sql"
import type { RlResolvedOptions } from "../types"

type Deps = { baseRepository: any; rlOptions: RlResolvedOptions }

/** How long a process logs the shadow it read before reading again: a start or stop reaches every process within it. */
export const RUNNING_SHADOW_TTL_MS = 5_000

export type CandidateQ = {
  epsilon: number | null
  q: Partial<Record<Strategy, number>>
  /** the shopper's state under the snapshot's state model */
  state_key: string
}

export type StartShadowInput = { name: string; snapshot_id: string | null; epsilon: number | null; created_by?: string | null }

export class ShadowsService {
  protected readonly baseRepository_: any
  protected readonly options_: RlResolvedOptions
  protected readonly running_ = new Cached<ShadowRow | null>(() => RUNNING_SHADOW_TTL_MS)
  // a snapshot never changes: its row per id, its Q per (snapshot, state), bounded like the live table's cache
  protected readonly snapshots_ = new CachedByKey<string, SnapshotMeta | null>(() => 60_000, 100)
  protected readonly candidateQ_ = new CachedByKey<string, Partial<Record<Strategy, number>>>(() => 60_000, 10_000)

  constructor({ baseRepository, rlOptions }: Deps) {
    this.baseRepository_ = baseRepository
    this.options_ = rlOptions
  }

  getRunning(): Promise<ShadowRow | null> {
    return this.running_.get(() => runningShadowSql(sqlOrShared({}, this.baseRepository_)))
  }

  /**
   * A snapshot's Q values for a shopper (its prior filling what the state
   * lacks) and its ε; null: no such snapshot. The state is keyed with the
   * snapshot's own state model: a trained model's bins need not be the live
   * table's.
   */
  async candidateQ(snapshotId: string, context: StateContext): Promise<CandidateQ | null> {
    const sql = sqlOrShared({}, this.baseRepository_)
    const snapshot = await this.snapshots_.get(snapshotId, () => snapshotMetaSql(sql, snapshotId))
    if (!snapshot) return null
    const key = stateKey(context, snapshot.state_model ?? DEFAULT_STATE_MODEL)
    const q = await this.candidateQ_.get(`${snapshotId}|${key}`, async () => (await snapshotValuesSql(sql, snapshotId, [key])).get(key)!)
    return { epsilon: snapshot.epsilon, q, state_key: key }
  }

  /** Stores a trained table as a snapshot, not served: a candidate for a shadow or a model arm. */
  @InjectTransactionManager()
  async importCandidate(
    input: { label: string; model_version: number; state_model: StateModel; epsilon: number | null; rows: ModelRow[] },
    @MedusaContext() sharedContext: Context = {}
  ) {
    assertModelRows(input.rows)
    if (!input.rows.length) throw new MedusaError(MedusaError.Types.INVALID_DATA, "The model holds no Q values")
    return importSnapshotSql(managerOf(sharedContext), input)
  }

  /** What a candidate is made of must exist and hold Q values: a model of nothing is the prior, not a candidate. */
  @InjectManager()
  async assertCandidateSnapshot(snapshotId: string, @MedusaContext() sharedContext: Context = {}): Promise<{ epsilon: number | null }> {
    const snapshot = await snapshotMetaSql(managerOf(sharedContext), snapshotId)
    if (!snapshot) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Snapshot ${snapshotId} was not found`)
    if (!snapshot.entries) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Snapshot ${snapshotId} holds no Q values: a candidate needs a trained table (take a snapshot after learning, or load one with npm run evaluate)`)
    }
    return { epsilon: snapshot.epsilon }
  }

  @InjectManager()
  async start(input: StartShadowInput, @MedusaContext() sharedContext: Context = {}): Promise<ShadowRow> {
    if (input.snapshot_id) await this.assertCandidateSnapshot(input.snapshot_id, sharedContext)
    if (!input.snapshot_id && input.epsilon === null) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "A shadow of the live table needs its own epsilon (else it is the serving policy): send snapshot_id, epsilon or both")
    }
    const row = await createShadowSql(managerOf(sharedContext), { ...input, created_by: input.created_by ?? null })
    this.running_.clear()
    return row
  }

  @InjectManager()
  async end(id: string, status: "stopped" | "promoted", @MedusaContext() sharedContext: Context = {}): Promise<ShadowRow> {
    const m = managerOf(sharedContext)
    const shadow = await getShadowSql(m, id)
    if (!shadow) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Shadow ${id} was not found`)
    const ended = await endShadowSql(m, id, status)
    if (!ended) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Shadow ${id} is not running (${shadow.status} at ${shadow.stopped_at?.toISOString()})`)
    this.running_.clear()
    return ended
  }

  @InjectManager()
  async get(id: string, @MedusaContext() sharedContext: Context = {}): Promise<ShadowRow> {
    const shadow = await getShadowSql(managerOf(sharedContext), id)
    if (!shadow) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Shadow ${id} was not found`)
    return shadow
  }

  @InjectManager()
  async list(page: { offset: number; limit: number }, @MedusaContext() sharedContext: Context = {}) {
    return listShadowsSql(managerOf(sharedContext), page)
  }

  @InjectManager()
  async counts(id: string, @MedusaContext() sharedContext: Context = {}): Promise<ShadowCounts> {
    return shadowCountsSql(managerOf(sharedContext), id)
  }

  /** Settled decisions only: no reward can still arrive for them. */
  @InjectManager()
  async log(id: string, limit: number, @MedusaContext() sharedContext: Context = {}): Promise<ShadowLogEntry[]> {
    const o = this.options_
    const settledBefore = new Date(Date.now() - Math.max(o.conversionWindowSeconds, o.abandonmentWindowSeconds) * 1000)
    return shadowLogSql(managerOf(sharedContext), id, settledBefore, limit)
  }
}
