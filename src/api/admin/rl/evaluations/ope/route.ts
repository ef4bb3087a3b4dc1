import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { fillQ, policyProbabilities } from "../../../../../learning/policy"
import { STRATEGIES, type Strategy } from "../../../../../learning/strategies"
import { offPolicyEstimates } from "../../../../../evaluation/ope"
import { RL_AGENT_MODULE } from "../../../../../modules/rl-agent"
import { explorableOf } from "../../../../../modules/rl-agent/service"
import type RlAgentModuleService from "../../../../../modules/rl-agent/service"
import type { AdminOpeQueryType } from "../validators"

/**
 * Off-policy estimates (IPS, SNIPS, doubly robust, with bootstrap CIs and the
 * effective sample size) of a candidate policy's value per decision, from the
 * logged decisions of a model version and their propensities.
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminOpeQueryType>, res: MedusaResponse) => {
  const query = req.validatedQuery as AdminOpeQueryType
  const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const agent = await rl.getAgent()
  const modelVersion = query.model_version ?? agent.model_version
  const { decisions, q } = await rl.getOpeLog({ model_version: modelVersion, limit: query.limit, since: query.since })

  const one = (s: Strategy) => Object.fromEntries(STRATEGIES.map((a) => [a, a === s ? 1 : 0])) as Record<Strategy, number>
  const target = (stateKey: string): Record<Strategy, number> => {
    const values = fillQ(q.get(stateKey) ?? {})
    if (query.policy === "greedy") return policyProbabilities(values, 0)
    if (query.policy === "current") return policyProbabilities(values, agent.epsilon, explorableOf(agent))
    if (query.policy === "uniform") return policyProbabilities(values, 1)
    return one(query.policy.slice("fixed:".length) as Strategy)
  }
  const log = decisions.map((d) => ({ stateKey: d.state_key, action: d.strategy, propensity: d.propensity, reward: d.reward }))
  const estimates = offPolicyEstimates(log, target, undefined, query.resamples)
  res.json({
    ope: {
      policy: query.policy,
      model_version: modelVersion,
      decisions: estimates.n,
      ...estimates,
      note:
        estimates.n < 100
          ? "Fewer than 100 settled decisions: the intervals are too wide to act on. Decisions count once their reward window has passed."
          : null,
    },
  })
}
