import { Badge, Select, Text } from "@medusajs/ui"
import { useState } from "react"
import { useRlAgent } from "../hooks/agent"
import { useRlSummary } from "../hooks/metrics"
import { formatDateTime, formatInt, formatMoney, formatNum, formatPct } from "../lib/format"
import { useStoreCurrency } from "../hooks/store-currency"
import { AlertsPanel } from "./alerts-panel"
import { EmptyState, Grid, KpiCard, Section } from "./kpi-card"
import {
  ConvergenceChart,
  ConversionByStrategyChart,
  RangeSelect,
  RewardOverTimeChart,
  SegmentMixChart,
  StrategyDistributionChart,
  type ChartRange,
} from "./charts"

/** The alerts, KPI cards and the learning charts. */
export const Overview = () => {
  const { currency } = useStoreCurrency()
  const { data: agentData } = useRlAgent()
  const { data: summaryData } = useRlSummary()
  const agent = agentData?.agent
  const summary = summaryData?.summary
  const [range, setRange] = useState<ChartRange>("7d")
  const [by, setBy] = useState<"segment" | "country">("segment")
  return (
    <div className="divide-y">
      {agent && agent.q_table.entries === 0 && summary?.decisions === 0 && (
        <div className="px-6 py-4">
          <EmptyState title="The agent has not learned anything yet" testId="rl-empty-agent">
            Start in the Controls tab: import the Online Retail data set to give the strategies products, popularity and
            co-purchases to work with. Then add the recommendations widget to your storefront (see the plugin's README):
            every recommendation served and every click, add to cart and order teaches the agent.
          </EmptyState>
        </div>
      )}
      <AlertsPanel />
      <Section title="Agent" description="The Q-table and the learning parameters now.">
        {agent ? (
          <Grid min={200} testId="rl-kpis-agent">
            <KpiCard label="Q-table states" value={formatInt(agent.q_table.states)} testId="rl-kpi-states" />
            <KpiCard label="Q-table entries" value={formatInt(agent.q_table.entries)} testId="rl-kpi-entries" />
            <KpiCard label="ε (exploration)" value={formatNum(agent.epsilon)} hint={`floor ${formatNum(agent.epsilon_min)}, decay ×${agent.epsilon_decay}`} />
            <KpiCard label="α (learning rate)" value={agent.alpha} />
            <KpiCard label="γ (discount)" value={agent.gamma} />
            <KpiCard label="Episodes" value={formatInt(agent.episode_count)} />
            <KpiCard label="Model version" value={agent.model_version} hint={`last update ${formatDateTime(agent.last_update_at)}`} />
            <KpiCard
              label="Learning"
              value={agent.learning_enabled ? "On" : "Paused"}
              testId="rl-kpi-learning"
            />
          </Grid>
        ) : (
          <Text size="small">Loading…</Text>
        )}
      </Section>
      <Section title="Last 24 hours" description="Live from the decision log.">
        {summary ? (
          <Grid min={180} testId="rl-kpis-activity">
            <KpiCard label="Decisions" value={formatInt(summary.decisions)} hint={`${formatInt(summary.explored)} explored`} testId="rl-kpi-decisions" />
            <KpiCard label="Rewards" value={formatInt(summary.rewards)} hint={`${formatInt(summary.engagements)} engagements`} testId="rl-kpi-rewards" />
            <KpiCard label="Conversion rate" value={formatPct(summary.conversion_rate)} hint={`${formatInt(summary.conversions)} orders`} />
            <KpiCard
              label="Revenue attributed"
              value={
                summary.revenue_by_currency.length
                  ? summary.revenue_by_currency.map((c) => formatMoney(c.revenue, c.currency_code)).join(" · ")
                  : formatMoney(0, currency)
              }
              hint="recommended products in orders"
              testId="rl-kpi-revenue"
            />
            <KpiCard label="Average reward" value={formatNum(summary.average_reward)} hint="per decision" />
          </Grid>
        ) : (
          <Text size="small">Loading…</Text>
        )}
      </Section>
      <div className="flex items-center justify-between gap-x-2 px-6 py-3">
        <Text size="small" className="text-ui-fg-subtle">
          Charts read the hourly rollups; the last two hours are brought up to date on every refresh.
        </Text>
        <div className="flex items-center gap-x-2">
          <div className="w-36">
            <Select size="small" value={by} onValueChange={(v) => setBy(v as "segment" | "country")}>
              <Select.Trigger>
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                <Select.Item value="segment">Mix by segment</Select.Item>
                <Select.Item value="country">Mix by country</Select.Item>
              </Select.Content>
            </Select>
          </div>
          <RangeSelect value={range} onChange={setRange} />
        </div>
      </div>
      <Grid min={520} gap={0}>
        <RewardOverTimeChart range={range} />
        <StrategyDistributionChart range={range} />
        <ConversionByStrategyChart range={range} />
        <SegmentMixChart range={range} by={by} />
      </Grid>
      <ConvergenceChart />
      {agent && !agent.learning_enabled && (
        <div className="px-6 py-3">
          <Badge color="orange">Learning is paused: recommendations are served, rewards are logged, Q does not move.</Badge>
        </div>
      )}
    </div>
  )
}
