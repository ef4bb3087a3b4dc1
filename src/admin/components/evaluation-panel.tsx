import { Badge, Select, Table, Text } from "@medusajs/ui"
import { useState } from "react"
import { useRlEvaluation, useRlOpe } from "../hooks/evaluation"
import { STRATEGIES, formatDateTime, formatInt, formatMoney, formatNum } from "../lib/format"
import type { Estimate } from "../lib/types"
import { EmptyState, Section } from "./kpi-card"

const OPE_POLICIES = [
  { value: "greedy", label: "Greedy on the current Q-table" },
  { value: "current", label: "ε-greedy at the current ε" },
  { value: "uniform", label: "Uniformly random strategy" },
  ...STRATEGIES.map((s) => ({ value: `fixed:${s}`, label: `Always ${s}` })),
]

const ci = (e: Estimate) => `${formatNum(e.value)} [${formatNum(e.lo)}, ${formatNum(e.hi)}]`

/** The stored offline evaluation report, and off-policy estimates from the live log. */
export const EvaluationPanel = () => {
  const { data: evaluation, isLoading } = useRlEvaluation()
  const [policy, setPolicy] = useState("greedy")
  const { data: opeData, isError: opeError, error } = useRlOpe(policy)
  const ope = opeData?.ope
  const methods = evaluation?.report?.methods ?? []
  return (
    <div className="divide-y">
      <Section
        title="Offline evaluation"
        description="Replay of the Online Retail data (Dec 2011 held out): each method recommends 10 products before a customer's next order."
        actions={evaluation ? <Badge size="small">{formatDateTime(evaluation.created_at)}</Badge> : undefined}
      >
        {isLoading && <Text size="small">Loading…</Text>}
        {!isLoading && !evaluation && (
          <EmptyState title="No evaluation report loaded">
            From your store's folder, run <code>npx rl-recommendations load-model</code> to load the agent pre-trained on Online
            Retail and its report, or <code>npx rl-recommendations load-model model.json evaluation.json</code> for a model
            of your own (the demo store loads the pre-trained one for you).
          </EmptyState>
        )}
        {methods.length > 0 && (
          <Table data-testid="rl-evaluation-table">
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Method</Table.HeaderCell>
                <Table.HeaderCell className="text-right">HitRate@10</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Recall@10</Table.HeaderCell>
                <Table.HeaderCell className="text-right">NDCG@10</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Revenue@10</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Coverage</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {methods.map((m) => (
                <Table.Row key={m.method} className={m.method === "q_agent" ? "bg-ui-bg-highlight" : undefined}>
                  <Table.Cell title={m.what}>{m.label}</Table.Cell>
                  <Table.Cell className="text-right">{formatNum(m.metrics.hit)}</Table.Cell>
                  <Table.Cell className="text-right">{formatNum(m.metrics.recall)}</Table.Cell>
                  <Table.Cell className="text-right">{formatNum(m.metrics.ndcg)}</Table.Cell>
                  <Table.Cell className="text-right">{formatMoney(m.metrics.revenue, "gbp") /* Online Retail is in pounds */}</Table.Cell>
                  <Table.Cell className="text-right">{formatNum(m.coverage, 2)}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        )}
      </Section>
      <Section
        title="Off-policy estimates"
        description="What another policy would have earned per decision on the decisions this store has logged (rewards settled), with 95% bootstrap intervals."
        actions={
          <div className="w-64">
            <Select size="small" value={policy} onValueChange={setPolicy}>
              <Select.Trigger data-testid="rl-ope-policy">
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                {OPE_POLICIES.map((p) => (
                  <Select.Item key={p.value} value={p.value}>
                    {p.label}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select>
          </div>
        }
      >
        {opeError && <Text size="small" className="text-ui-fg-error">{(error as Error).message}</Text>}
        {ope && ope.decisions === 0 && (
          <EmptyState title="No settled decisions yet">
            A decision counts once its reward window has passed. Come back after the storefront has served recommendations.
          </EmptyState>
        )}
        {ope && ope.decisions > 0 && (
          <div className="flex flex-col gap-y-2" data-testid="rl-ope">
            <Table>
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell>Estimator</Table.HeaderCell>
                  <Table.HeaderCell className="text-right">Value per decision [95% CI]</Table.HeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                <Table.Row>
                  <Table.Cell>Logged (the policy that served)</Table.Cell>
                  <Table.Cell className="text-right">{formatNum(ope.logged_value)}</Table.Cell>
                </Table.Row>
                <Table.Row>
                  <Table.Cell>IPS</Table.Cell>
                  <Table.Cell className="text-right">{ci(ope.ips)}</Table.Cell>
                </Table.Row>
                <Table.Row>
                  <Table.Cell>SNIPS</Table.Cell>
                  <Table.Cell className="text-right">{ci(ope.snips)}</Table.Cell>
                </Table.Row>
                <Table.Row>
                  <Table.Cell>Doubly robust</Table.Cell>
                  <Table.Cell className="text-right">{ci(ope.dr)}</Table.Cell>
                </Table.Row>
              </Table.Body>
            </Table>
            <Text size="xsmall" className="text-ui-fg-muted">
              {formatInt(ope.decisions)} decisions of model version {ope.model_version}; effective sample size{" "}
              {formatNum(ope.effective_sample_size, 1)}, largest weight {formatNum(ope.max_weight, 1)}.
              {ope.note ? ` ${ope.note}` : ""}
            </Text>
          </div>
        )}
      </Section>
    </div>
  )
}
