import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Sparkles } from "@medusajs/icons"
import { Badge, Button, Container, Heading, Text, toast } from "@medusajs/ui"
import { useRlAgent, useRlHealth, useUpdateRlAgent } from "../../hooks/agent"

const Kpi = ({ label, value }: { label: string; value: string | number }) => (
  <div className="flex flex-col gap-y-1 rounded-lg border px-4 py-3">
    <Text size="small" className="text-ui-fg-subtle">
      {label}
    </Text>
    <Text size="xlarge" weight="plus">
      {value}
    </Text>
  </div>
)

const RlRecommendationsPage = () => {
  const { data, isLoading, isError, error } = useRlAgent()
  const { data: health } = useRlHealth()
  const update = useUpdateRlAgent()
  const agent = data?.agent

  const toggleLearning = () => {
    if (!agent) return
    update.mutate(
      { learning_enabled: !agent.learning_enabled },
      {
        onSuccess: () => toast.success(agent.learning_enabled ? "Learning paused" : "Learning resumed"),
        onError: (e) => toast.error(e.message),
      }
    )
  }

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h1">AI Recommendations</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            The Q-learning agent that picks a recommendation strategy for each shopper.
          </Text>
        </div>
        <div className="flex items-center gap-x-2">
          {health && (
            <Badge color={health.status === "ok" ? "green" : "orange"}>
              {health.status === "ok" ? "Healthy" : "Degraded"}
            </Badge>
          )}
          {agent && (
            <Button size="small" variant="secondary" onClick={toggleLearning} isLoading={update.isPending}>
              {agent.learning_enabled ? "Pause learning" : "Resume learning"}
            </Button>
          )}
        </div>
      </div>
      <div className="px-6 py-4">
        {isLoading && <Text>Loading…</Text>}
        {isError && <Text className="text-ui-fg-error">Could not load the agent: {error.message}</Text>}
        {agent && agent.q_table.entries === 0 && (
          <Text className="mb-4 text-ui-fg-subtle">
            The agent has not learned anything yet. Add the recommendations widget to your storefront (see the
            plugin's README); every recommendation served and every click, add to cart and order teaches it.
          </Text>
        )}
        {agent && (
          <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
            <Kpi label="Q-table states" value={agent.q_table.states} />
            <Kpi label="Q-table entries" value={agent.q_table.entries} />
            <Kpi label="ε (exploration)" value={agent.epsilon.toFixed(3)} />
            <Kpi label="α (learning rate)" value={agent.alpha} />
            <Kpi label="γ (discount)" value={agent.gamma} />
            <Kpi label="Episodes" value={agent.episode_count} />
            <Kpi label="Model version" value={agent.model_version} />
            <Kpi label="Learning" value={agent.learning_enabled ? "On" : "Paused"} />
          </div>
        )}
      </div>
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "AI Recommendations",
  icon: Sparkles,
})

export default RlRecommendationsPage
