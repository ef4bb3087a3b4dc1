import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Sparkles } from "@medusajs/icons"
import { Badge, Container, Heading, Tabs, Text } from "@medusajs/ui"
import { Controls } from "../../components/controls"
import { EvaluationPanel } from "../../components/evaluation-panel"
import { ExperimentsPanel } from "../../components/experiments-panel"
import { HistoryTable } from "../../components/history-table"
import { Overview } from "../../components/overview"
import { RulesPanel } from "../../components/rules-panel"
import { Tester } from "../../components/tester"
import { useRlAgent, useRlHealth } from "../../hooks/agent"
import { useRlAlerts } from "../../hooks/alerts"
import { STRATEGY_LABELS } from "../../lib/format"

/** The merchant's view of the agent: what it learnt, how it does, and the controls to steer it. */
const RlRecommendationsPage = () => {
  const { data, isError, error } = useRlAgent()
  const { data: health } = useRlHealth()
  const { data: alerts } = useRlAlerts()
  const firing = alerts?.alerts.filter((a) => a.status === "firing").length ?? 0
  return (
    <Container className="divide-y p-0" data-testid="rl-page">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h1">AI Recommendations</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            The Q-learning agent that picks a recommendation strategy for each shopper.
          </Text>
        </div>
        <div className="flex items-center gap-x-2">
          {firing > 0 && (
            <Badge color="red" data-testid="rl-alerts-badge">
              {firing} alert{firing === 1 ? "" : "s"} firing
            </Badge>
          )}
          {data?.agent.serving_strategy && (
            <Badge color="orange" data-testid="rl-serving-strategy-badge">
              Serving always {STRATEGY_LABELS[data.agent.serving_strategy]}
            </Badge>
          )}
          {data && <Badge color={data.agent.learning_enabled ? "green" : "orange"}>{data.agent.learning_enabled ? "Learning" : "Paused"}</Badge>}
          {health && (
            <Badge color={health.status === "ok" ? "green" : "orange"} title={`Postgres ${health.postgres.status}, Redis ${health.redis.status}`}>
              {health.status === "ok" ? "Healthy" : "Degraded"}
            </Badge>
          )}
        </div>
      </div>
      {isError && (
        <Text className="text-ui-fg-error px-6 py-4">
          Could not reach the agent: {(error as Error).message}. Retrying with backoff.
        </Text>
      )}
      <Tabs defaultValue="overview">
        <div className="px-6 pt-4">
          <Tabs.List>
            <Tabs.Trigger value="overview">Overview</Tabs.Trigger>
            <Tabs.Trigger value="tester">Tester</Tabs.Trigger>
            <Tabs.Trigger value="rules">Rules</Tabs.Trigger>
            <Tabs.Trigger value="history">History</Tabs.Trigger>
            <Tabs.Trigger value="experiments">Experiments</Tabs.Trigger>
            <Tabs.Trigger value="evaluation">Evaluation</Tabs.Trigger>
            <Tabs.Trigger value="controls">Controls</Tabs.Trigger>
          </Tabs.List>
        </div>
        <Tabs.Content value="overview">
          <Overview />
        </Tabs.Content>
        <Tabs.Content value="tester">
          <Tester />
        </Tabs.Content>
        <Tabs.Content value="rules">
          <RulesPanel />
        </Tabs.Content>
        <Tabs.Content value="history" className="pt-2">
          <HistoryTable />
        </Tabs.Content>
        <Tabs.Content value="experiments">
          <ExperimentsPanel />
        </Tabs.Content>
        <Tabs.Content value="evaluation">
          <EvaluationPanel />
        </Tabs.Content>
        <Tabs.Content value="controls">
          <Controls />
        </Tabs.Content>
      </Tabs>
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "AI Recommendations",
  icon: Sparkles,
})

export default RlRecommendationsPage
