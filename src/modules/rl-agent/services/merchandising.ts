/**
 * The merchant's rules: read by every recommendation (cached for the
 * catalogue's time-to-live, cleared in this process on every change) and
 * changed only with an audit row in the same transaction.
 */
import type { Context } from "@medusajs/framework/types"
import { InjectManager, InjectTransactionManager, MedusaContext, MedusaError } from "@medusajs/framework/utils"
import { ruleProblem } from "../../../learning/merchandising"
import { Cached } from "../cached"
import {
  deleteRuleSql,
  insertRuleAuditSql,
  insertRuleSql,
  listRuleAuditSql,
  listRulesSql,
  ruleSql,
  updateRuleSql,
  type RuleAuditRow,
  type RuleInput,
  type RuleRow,
} from "../repositories/rules"
import { managerOf, sqlOrShared } from "../repositories/sql"
import type { RlResolvedOptions } from "../types"

type Deps = { baseRepository: any; rlOptions: RlResolvedOptions }

export class MerchandisingService {
  protected readonly baseRepository_: any
  protected readonly options_: RlResolvedOptions
  protected readonly active_: Cached<RuleRow[]>

  constructor({ baseRepository, rlOptions }: Deps) {
    this.baseRepository_ = baseRepository
    this.options_ = rlOptions
    this.active_ = new Cached(() => this.options_.catalogCacheTtlSeconds * 1000)
  }

  /** The enabled rules; one array per load, so what is compiled from it is cached on it. */
  getActiveRules(): Promise<RuleRow[]> {
    return this.active_.get(() => listRulesSql(sqlOrShared({}, this.baseRepository_), true))
  }

  @InjectManager()
  async listRules(@MedusaContext() sharedContext: Context = {}): Promise<RuleRow[]> {
    return listRulesSql(managerOf(sharedContext))
  }

  @InjectTransactionManager()
  protected async createRule_(input: RuleInput, actorId: string | null, @MedusaContext() sharedContext: Context = {}): Promise<RuleRow> {
    assertValid(input)
    const m = managerOf(sharedContext)
    const rule = await insertRuleSql(m, input)
    await insertRuleAuditSql(m, { rule_id: rule.id, action: "created", actor_id: actorId, before: null, after: rule })
    return rule
  }

  @InjectTransactionManager()
  protected async updateRule_(id: string, change: Partial<RuleInput>, actorId: string | null, @MedusaContext() sharedContext: Context = {}): Promise<RuleRow> {
    const m = managerOf(sharedContext)
    const before = await ruleSql(m, id, true)
    if (!before) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Merchandising rule with id: ${id} was not found`)
    const { id: _id, created_at: _c, updated_at: _u, ...current } = before
    const merged: RuleInput = { ...current, ...change }
    assertValid(merged)
    const after = await updateRuleSql(m, id, merged)
    await insertRuleAuditSql(m, { rule_id: id, action: "updated", actor_id: actorId, before, after })
    return after
  }

  @InjectTransactionManager()
  protected async deleteRule_(id: string, actorId: string | null, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    const m = managerOf(sharedContext)
    const before = await ruleSql(m, id, true)
    if (!before) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Merchandising rule with id: ${id} was not found`)
    await deleteRuleSql(m, id)
    await insertRuleAuditSql(m, { rule_id: id, action: "deleted", actor_id: actorId, before, after: null })
  }

  // cleared once the change's transaction has committed: a request between the two would cache the old rules
  async createRule(input: RuleInput, actorId: string | null, sharedContext: Context = {}): Promise<RuleRow> {
    return this.forgetAfter(this.createRule_(input, actorId, sharedContext))
  }

  async updateRule(id: string, change: Partial<RuleInput>, actorId: string | null, sharedContext: Context = {}): Promise<RuleRow> {
    return this.forgetAfter(this.updateRule_(id, change, actorId, sharedContext))
  }

  async deleteRule(id: string, actorId: string | null, sharedContext: Context = {}): Promise<void> {
    return this.forgetAfter(this.deleteRule_(id, actorId, sharedContext))
  }

  protected async forgetAfter<T>(change: Promise<T>): Promise<T> {
    try {
      return await change
    } finally {
      this.active_.clear()
    }
  }

  @InjectManager()
  async listRuleAudit(
    filters: { rule_id?: string },
    page: { offset: number; limit: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ entries: RuleAuditRow[]; count: number }> {
    return listRuleAuditSql(managerOf(sharedContext), filters, page)
  }
}

function assertValid(rule: RuleInput) {
  const problem = ruleProblem(rule)
  if (problem) throw new MedusaError(MedusaError.Types.INVALID_DATA, `${problem.path}: ${problem.message}`)
}
