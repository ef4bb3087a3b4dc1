/**
 * The agent and what it learns from: the agent row (cached), the policy's
 * choice over the stored Q values, the decision log and the reward
 * statement, and the decision lookups the reward workflows make.
 */
import { createHmac, timingSafeEqual } from "crypto"
import type { Context, Logger } from "@medusajs/framework/types"
import { InjectManager, InjectTransactionManager, MedusaContext, MedusaError } from "@medusajs/framework/utils"
import { armChoice } from "../../../learning/experiments"
import { explorableOf } from "../agent-parameters"
import { selectStrategy } from "../../../learning/policy"
import { createRng, type Rng } from "../../../learning/rng"
import { DEFAULT_STATE_MODEL, stateKey, type StateContext, type StateModel } from "../../../learning/state"
import type { Strategy } from "../../../learning/strategies"
import { Cached, CachedByKey } from "../cached"
import { findOrCreateAgentSql } from "../repositories/agent"
import { attachCustomerToCartSql, cartDecisionsSql, insertDecisionSql, insertDecisionsSql, retentionDecisionSql, type DecisionInsert } from "../repositories/decisions"
import { GroupCommit } from "../queue/micro-batcher"
import { qValuesSql } from "../repositories/q-table"
import { applyRewardBatchSql, earnedByOrderSql, hasPositiveOutcomeSql } from "../repositories/rewards"
import { hasManager, managerOf, sqlOrShared, type SqlManager } from "../repositories/sql"
import type { AgentDecision, DecideOptions, ApplyRewardInput, ApplyRewardResult, RlAgentDTO } from "../types/shapes"
import type { RlResolvedOptions } from "../types"

export const DEFAULT_AGENT_NAME = "default"

type Deps = { baseRepository: any; rlOptions: RlResolvedOptions; logger: Logger }

export class LearningService {
  protected readonly baseRepository_: any
  protected readonly options_: RlResolvedOptions
  /**
   * The agent row, re-read at most once a second: every recommendation and
   * reward needs it, and an admin change reaching every process within a
   * second is soon enough. Cleared by whatever changes the row.
   */
  protected readonly agentCache_ = new Cached<RlAgentDTO>(() => 1000)
  /**
   * A state's Q values, re-read at most once a second on the same terms as
   * the agent row: a recommendation's choice and its logged propensity are
   * exact for the values it read, and a policy a second behind what the
   * rewards taught is still the policy. Rewards applied in this process
   * clear it at once. Bounded: states come from shoppers.
   */
  protected readonly qCache_ = new CachedByKey<string, Partial<Record<Strategy, number>>>(() => 1000, 10_000)

  /**
   * Decision inserts on the shared connection, group-committed: the
   * recommendations served while one insert is in flight are written by the
   * next, in one statement. A response still waits for its own row.
   */
  protected readonly decisionWriter_ = new GroupCommit<DecisionInsert, { id: string }>(async (rows) => {
    const sql = this.sqlFor({})
    if (rows.length === 1) return [await insertDecisionSql(sql, rows[0])]
    try {
      return await insertDecisionsSql(sql, rows)
    } catch {
      // one row the statement refused must not fail the others: each alone, each its own answer
      return Promise.all(rows.map((row) => insertDecisionSql(sql, row).catch((e: Error) => e)))
    }
  })

  protected readonly logger_: Logger

  constructor({ baseRepository, rlOptions, logger }: Deps) {
    this.baseRepository_ = baseRepository
    this.options_ = rlOptions
    this.logger_ = logger
  }

  /**
   * With `structuredLogs`, one JSON object per reward applied. Called by the
   * two callers whose batch commits on its own (the front's `applyRewards`,
   * which every reward workflow uses, and the queue's reward lane), after it
   * returns: a rolled-back batch logs nothing. No customer id.
   */
  logAppliedRewards(inputs: ApplyRewardInput[], results: Array<ApplyRewardResult | Error>): void {
    if (!this.options_.structuredLogs) return
    results.forEach((r, i) => {
      if (r instanceof Error || !r.applied) return
      const input = inputs[i]
      this.logger_.info(
        JSON.stringify({
          event: "rl.reward",
          reward_id: r.reward_id,
          decision_id: input.decision_id,
          kind: input.kind,
          source_event_id: input.source_event_id,
          product_id: input.product_id ?? null,
          value: r.value,
          q_after: r.q_after,
          next_state_key: r.next_state_key,
        })
      )
    })
  }

  /**
   * Statements on the shared connection, without forking an entity manager
   * per call (what @InjectManager does): for the per-request reads and the
   * decision insert, which need no unit of work. A caller's transaction, when
   * there is one, is used instead.
   */
  sqlFor(sharedContext: Context): SqlManager {
    return sqlOrShared(sharedContext, this.baseRepository_)
  }

  /** Keyed hash of a customer id: decisions link to a customer without naming them. */
  hashCustomerId(customerId: string | null | undefined): string | null {
    if (!customerId) return null
    return createHmac("sha256", this.options_.customerHashSecret).update(customerId).digest("hex")
  }

  signFeedbackToken(decisionId: string): string {
    // its own domain: a token is never a customer hash, whatever the id
    return createHmac("sha256", this.options_.customerHashSecret).update(`feedback:${decisionId}`).digest("base64url").slice(0, 32)
  }

  verifyFeedbackToken(decisionId: string, token: string | undefined): boolean {
    if (!token) return false
    const expected = Buffer.from(this.signFeedbackToken(decisionId))
    const given = Buffer.from(token)
    return given.length === expected.length && timingSafeEqual(given, expected)
  }

  @InjectManager()
  async getAgent(name: string = DEFAULT_AGENT_NAME, @MedusaContext() sharedContext: Context = {}): Promise<RlAgentDTO> {
    return findOrCreateAgentSql(managerOf(sharedContext), name, this.options_)
  }

  cachedAgent(sharedContext: Context = {}): Promise<RlAgentDTO> {
    return this.agentCache_.get(() => this.getAgent(DEFAULT_AGENT_NAME, sharedContext))
  }

  /** This process sees an agent change at once (others within a second). */
  forgetAgent(): void {
    this.agentCache_.clear()
    this.qCache_.clear()
  }

  getQValues(modelVersion: number, key: string, sharedContext: Context = {}): Promise<Partial<Record<Strategy, number>>> {
    // inside a caller's transaction, what that transaction sees
    if (hasManager(sharedContext)) return qValuesSql(managerOf(sharedContext), modelVersion, key)
    return this.qCache_.get(`${modelVersion}|${key}`, () => qValuesSql(this.sqlFor(sharedContext), modelVersion, key))
  }

  /** `explorable`: the strategies ε may try on this request (the per-request guard rail); default the agent's set. */
  async decide(context: StateContext, opts: DecideOptions = {}, sharedContext: Context = {}): Promise<AgentDecision> {
    const agent = await this.cachedAgent(sharedContext)
    const key = stateKey(context, (agent.state_model as unknown as StateModel) ?? DEFAULT_STATE_MODEL)
    const q = await this.getQValues(agent.model_version, key, sharedContext)
    const policy = selectStrategy(q, agent.epsilon, opts.rng ?? createRng(opts.seed), opts.explorable ?? explorableOf(agent))
    // a strategy the merchant made the default serves everyone (propensity 1); Q is still read and still learns
    const choice = agent.serving_strategy ? armChoice({ key: "default", kind: "strategy", strategy: agent.serving_strategy, weight: 1 }, policy, Math.random) : policy
    return { agent, stateKey: key, choice }
  }

  logDecision(row: DecisionInsert, sharedContext: Context = {}): Promise<{ id: string }> {
    if (hasManager(sharedContext)) return insertDecisionSql(managerOf(sharedContext), row)
    return this.decisionWriter_.push(row)
  }

  /** Inserts made and decisions written by the group commit (tests, the benchmark). */
  decisionWriteStats(): { writes: number; items: number } {
    return { ...this.decisionWriter_.stats }
  }

  @InjectManager()
  async applyRewardBatch(inputs: ApplyRewardInput[], @MedusaContext() sharedContext: Context = {}): Promise<Array<ApplyRewardResult | MedusaError>> {
    if (!inputs.length) return []
    const agent = await this.cachedAgent(sharedContext)
    try {
      return await applyRewardBatchSql(managerOf(sharedContext), agent, inputs, this.options_.rewards)
    } finally {
      this.qCache_.clear()
    }
  }

  @InjectManager()
  async listCartDecisions(
    cartId: string,
    since?: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Array<{ id: string; created_at: Date; product_ids: string[]; customer_hash: string | null }>> {
    return cartDecisionsSql(managerOf(sharedContext), cartId, since)
  }

  @InjectManager()
  async getEarnedByOrder(orderId: string, @MedusaContext() sharedContext: Context = {}): Promise<Array<{ decision_id: string; value: number; amount: number }>> {
    return earnedByOrderSql(managerOf(sharedContext), orderId)
  }

  @InjectManager()
  async hasPositiveOutcome(decisionId: string, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    return hasPositiveOutcomeSql(managerOf(sharedContext), decisionId)
  }

  @InjectManager()
  async findRetentionDecision(
    customerId: string,
    excludeCartId: string,
    since: Date,
    before: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; cart_id: string } | null> {
    return retentionDecisionSql(managerOf(sharedContext), this.hashCustomerId(customerId), excludeCartId, since, before)
  }

  @InjectTransactionManager()
  async attachCustomerToCart(cartId: string, customerId: string, @MedusaContext() sharedContext: Context = {}): Promise<number> {
    return attachCustomerToCartSql(managerOf(sharedContext), cartId, this.hashCustomerId(customerId))
  }
}
