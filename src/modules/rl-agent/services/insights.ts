/**
 * What the admin reads: the hourly metrics, the live activity summary, the
 * decision log, a product's and a customer's view, the off-policy log, and
 * the tester's feedback simulation (which writes nothing).
 */
import type { Context } from "@medusajs/framework/types"
import { InjectManager, MedusaContext } from "@medusajs/framework/utils"
import { customerFeatures } from "../../../learning/profile"
import { simulateFeedback, type SimulatedEvent, type SimulationResult } from "../../../learning/simulate"
import type { Placement } from "../../../learning/state"
import type { Strategy } from "../../../learning/strategies"
import {
  activitySummarySql,
  customerProfileSql,
  decisionLogSql,
  metricsSql,
  productInsightSql,
  rewardsByKindSql,
  type ActivitySummary,
  type CustomerProfileRow,
  type DecisionLogRow,
  type MetricsGroupBy,
  type MetricsRow,
  type ProductInsight,
} from "../repositories/insights"
import { historyOfProfile } from "../repositories/purchases"
import { opeLogSql, snapshotPolicySql } from "../repositories/q-table"
import { managerOf } from "../repositories/sql"
import type { RlResolvedOptions } from "../types"
import { DEFAULT_AGENT_NAME, type LearningService } from "./learning"
import type { StatisticsService } from "./statistics"

type Deps = { baseRepository: any; rlOptions: RlResolvedOptions; learningService: LearningService; statisticsService: StatisticsService }

export type DecisionLogFilters = { strategy?: Strategy; placement?: Placement; explored?: boolean; customer_id?: string; cart_id?: string; from?: Date; to?: Date }

export type CustomerInsight = {
  profile: CustomerProfileRow | null
  features: { price_sensitivity: number; engagement_level: number; segment: "new" | "returning" }
  decisions: DecisionLogRow[]
  decision_count: number
}

export type OpeLog = {
  decisions: Array<{ state_key: string; strategy: Strategy; propensity: number; reward: number }>
  q: Map<string, Partial<Record<Strategy, number>>>
}

export class InsightsService {
  protected readonly baseRepository_: any
  protected readonly options_: RlResolvedOptions
  protected readonly learning_: LearningService
  protected readonly statistics_: StatisticsService

  constructor({ baseRepository, rlOptions, learningService, statisticsService }: Deps) {
    this.baseRepository_ = baseRepository
    this.options_ = rlOptions
    this.learning_ = learningService
    this.statistics_ = statisticsService
  }

  @InjectManager()
  async getMetrics(
    input: { from: Date; to: Date; granularity: "hour" | "day"; group_by: MetricsGroupBy; currency_code?: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<MetricsRow[]> {
    return metricsSql(managerOf(sharedContext), input)
  }

  @InjectManager()
  async getActivitySummary(since?: Date, @MedusaContext() sharedContext: Context = {}): Promise<ActivitySummary> {
    return activitySummarySql(managerOf(sharedContext), since ?? new Date(Date.now() - 86_400_000))
  }

  @InjectManager()
  async getRewardsByKind(since: Date, @MedusaContext() sharedContext: Context = {}) {
    return rewardsByKindSql(managerOf(sharedContext), since)
  }

  @InjectManager()
  async getProductInsight(productId: string, @MedusaContext() sharedContext: Context = {}): Promise<ProductInsight> {
    return productInsightSql(managerOf(sharedContext), productId)
  }

  @InjectManager()
  async listDecisionLog(
    filters: DecisionLogFilters,
    page: { offset: number; limit: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ decisions: DecisionLogRow[]; count: number }> {
    const customer_hash = filters.customer_id ? this.learning_.hashCustomerId(filters.customer_id) : undefined
    return decisionLogSql(managerOf(sharedContext), { ...filters, customer_hash }, page)
  }

  @InjectManager()
  async getCustomerInsight(customerId: string, limit = 10, @MedusaContext() sharedContext: Context = {}): Promise<CustomerInsight> {
    const [profile, log] = await Promise.all([
      customerProfileSql(managerOf(sharedContext), customerId),
      this.listDecisionLog({ customer_id: customerId }, { offset: 0, limit }, sharedContext),
    ])
    const features = customerFeatures(profile ? historyOfProfile(profile) : null, await this.statistics_.getHistoryClock())
    return {
      profile,
      features: {
        price_sensitivity: features.priceSensitivity,
        engagement_level: features.engagementLevel,
        segment: features.engagementLevel > 0 ? "returning" : "new",
      },
      decisions: log.decisions,
      decision_count: log.count,
    }
  }

  /** Settled decisions only: no reward can still arrive for them. */
  @InjectManager()
  async getOpeLog(input: { model_version: number; limit: number; since?: Date | null }, @MedusaContext() sharedContext: Context = {}): Promise<OpeLog> {
    const o = this.options_
    const settledBefore = new Date(Date.now() - Math.max(o.conversionWindowSeconds, o.abandonmentWindowSeconds) * 1000)
    return opeLogSql(managerOf(sharedContext), { ...input, settledBefore })
  }

  /** A snapshot's policy on some states: its Q values and ε (null: no such snapshot). */
  @InjectManager()
  async getSnapshotPolicy(snapshotId: string, stateKeys: string[], @MedusaContext() sharedContext: Context = {}) {
    return snapshotPolicySql(managerOf(sharedContext), snapshotId, stateKeys)
  }

  @InjectManager()
  async simulateFeedback(
    input: { state_key: string; strategy: Strategy; event: SimulatedEvent; revenue?: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SimulationResult & { state_key: string; model_version: number; alpha: number; gamma: number }> {
    const agent = await this.learning_.getAgent(DEFAULT_AGENT_NAME, sharedContext)
    const q = await this.learning_.getQValues(agent.model_version, input.state_key, sharedContext)
    const result = simulateFeedback({
      q,
      strategy: input.strategy,
      event: input.event,
      revenue: input.revenue,
      alpha: agent.alpha,
      gamma: agent.gamma,
      weights: this.options_.rewards,
    })
    return { ...result, state_key: input.state_key, model_version: agent.model_version, alpha: agent.alpha, gamma: agent.gamma }
  }
}
