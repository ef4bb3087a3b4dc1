import { Badge, Button, Input, Label, Select, Switch, Table, Text, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import { MIN_DECISIONS_PER_ARM, type ArmSpec, type ExperimentArmResult, type ExperimentMetric } from "../../learning/experiments"
import { STRATEGIES, type Strategy } from "../../learning/strategies"
import { useCandidateSnapshots } from "../hooks/controls"
import { useCreateExperiment, useRlExperiment, useRlExperiments, useStopExperiment } from "../hooks/experiments"
import { useStoreCurrency } from "../hooks/store-currency"
import { STRATEGY_LABELS, formatDateTime, formatInt, formatMoney, formatNum, formatPct } from "../lib/format"
import type { Experiment } from "../lib/types"
import { EmptyState, Section } from "./kpi-card"
import { ShadowPanel } from "./shadow-panel"

const ALTERNATIVES: Array<Strategy | "random"> = [...STRATEGIES, "random"]
const METRICS: Array<{ value: ExperimentMetric; label: string }> = [
  { value: "conversion", label: "Conversions per decision" },
  { value: "revenue", label: "Revenue per decision" },
  { value: "engagement", label: "Engagement (click or add to cart) per decision" },
]

const armLabel = (a: ArmSpec) =>
  a.kind === "agent"
    ? "The agent"
    : a.kind === "random"
      ? "Random strategy"
      : a.kind === "model"
        ? `Model ${a.snapshot_id}${a.epsilon !== null ? ` (ε ${a.epsilon})` : ""}`
        : `Always ${STRATEGY_LABELS[a.strategy]}`

/**
 * Live A/B holdouts: start one (the agent against a fixed strategy, random
 * or another model version, with a traffic split and a primary metric),
 * watch each arm's exposures and outcomes with the difference's 95% interval
 * and a plain verdict, stop it. Below, the shadow candidate.
 */
export const ExperimentsPanel = () => {
  const { data } = useRlExperiments()
  const running = data?.experiments.find((e) => e.status === "running") ?? null
  const [viewing, setViewing] = useState<string | null>(null)
  const shown = viewing ?? running?.id ?? null
  return (
    <div className="divide-y">
      {running ? <Running experiment={running} /> : <NewExperiment />}
      {shown && <Results id={shown} />}
      {data && data.experiments.some((e) => e.status === "stopped") && (
        <Section title="Past experiments" description="Stopped experiments keep their decisions and results.">
          <Table data-testid="rl-experiments-past">
            <Table.Body>
              {data.experiments
                .filter((e) => e.status === "stopped")
                .map((e) => (
                  <Table.Row key={e.id} className="cursor-pointer" onClick={() => setViewing(e.id)}>
                    <Table.Cell>{e.name}</Table.Cell>
                    <Table.Cell>
                      {formatDateTime(e.started_at)} – {formatDateTime(e.stopped_at)}
                    </Table.Cell>
                    <Table.Cell>{e.winner_arm ? `Winner: ${e.winner_arm}` : "No winner named"}</Table.Cell>
                  </Table.Row>
                ))}
            </Table.Body>
          </Table>
        </Section>
      )}
      <ShadowPanel />
    </div>
  )
}

const NewExperiment = () => {
  const { currency } = useStoreCurrency()
  const models = useCandidateSnapshots()
  const create = useCreateExperiment()
  const [name, setName] = useState("Agent vs popular")
  // a strategy, "random", or a snapshot's id (another model version)
  const [alternative, setAlternative] = useState<string>("popular")
  const [share, setShare] = useState("20")
  const [metric, setMetric] = useState<ExperimentMetric>("conversion")
  const submit = () => {
    const w = Number(share) / 100
    const treatment: ArmSpec =
      alternative === "random"
        ? { key: "random", kind: "random", weight: w }
        : (STRATEGIES as readonly string[]).includes(alternative)
          ? { key: alternative, kind: "strategy", strategy: alternative as Strategy, weight: w }
          : { key: "model", kind: "model", snapshot_id: alternative, epsilon: null, weight: w }
    create.mutate(
      { name, arms: [{ key: "agent", kind: "agent", weight: Number((1 - w).toFixed(4)) }, treatment], metric, ...(metric === "revenue" ? { currency_code: currency } : {}) },
      { onSuccess: () => toast.success("Experiment started"), onError: (e) => toast.error(e.message) }
    )
  }
  return (
    <Section
      title="Start an experiment"
      description="A live holdout: a share of shoppers (by account, else session, else cart; always the same arm) is served a simple alternative instead of the agent, so you can see, with confidence intervals, whether the agent earns more."
      testId="rl-experiment-new"
    >
      <div className="grid max-w-3xl grid-cols-2 gap-3">
        <div className="flex flex-col gap-y-1">
          <Label size="small">Name</Label>
          <Input size="small" value={name} onChange={(e) => setName(e.target.value)} data-testid="rl-experiment-name" />
        </div>
        <div className="flex flex-col gap-y-1">
          <Label size="small">Compare the agent with</Label>
          <Select size="small" value={alternative} onValueChange={setAlternative}>
            <Select.Trigger data-testid="rl-experiment-alternative">
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              {ALTERNATIVES.map((a) => (
                <Select.Item key={a} value={a}>
                  {a === "random" ? "A random strategy" : `Always ${STRATEGY_LABELS[a]}`}
                </Select.Item>
              ))}
              {models.map((m) => (
                <Select.Item key={m.id} value={m.id}>
                  Model: snapshot of {formatDateTime(m.created_at)}
                  {m.label ? ` (${m.label})` : ""}
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
        </div>
        <div className="flex flex-col gap-y-1">
          <Label size="small">Its share of traffic</Label>
          <Select size="small" value={share} onValueChange={setShare}>
            <Select.Trigger data-testid="rl-experiment-share">
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              {["10", "20", "50"].map((s) => (
                <Select.Item key={s} value={s}>
                  {s}% (the agent {100 - Number(s)}%)
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
        </div>
        <div className="flex flex-col gap-y-1">
          <Label size="small">Primary metric</Label>
          <Select size="small" value={metric} onValueChange={(v) => setMetric(v as ExperimentMetric)}>
            <Select.Trigger>
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              {METRICS.map((m) => (
                <Select.Item key={m.value} value={m.value}>
                  {m.label}
                  {m.value === "revenue" ? ` (${currency.toUpperCase()})` : ""}
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
        </div>
      </div>
      <div>
        <Button size="small" onClick={submit} isLoading={create.isPending} disabled={!name.trim()} data-testid="rl-experiment-start">
          Start experiment
        </Button>
      </div>
    </Section>
  )
}

const Running = ({ experiment }: { experiment: Experiment }) => {
  const stop = useStopExperiment()
  const prompt = usePrompt()
  const [winner, setWinner] = useState<string>("none")
  const [makeDefault, setMakeDefault] = useState(false)
  const winnerArm = experiment.arms.find((a) => a.key === winner)
  const canMakeDefault = !!winnerArm && winnerArm.kind !== "random"
  const onStop = async () => {
    const serve = makeDefault && canMakeDefault
    const ok = await prompt({
      title: `Stop "${experiment.name}"?`,
      description: serve
        ? `From now on every shopper is served by ${armLabel(winnerArm!).toLowerCase()}. The experiment's decisions and results stay.`
        : "Every shopper is served by the agent again. The experiment's decisions and results stay.",
      confirmText: "Stop",
      cancelText: "Keep running",
    })
    if (!ok) return
    stop.mutate(
      { id: experiment.id, winner_arm: winner === "none" ? undefined : winner, make_default: serve },
      { onSuccess: () => toast.success("Experiment stopped"), onError: (e) => toast.error(e.message) }
    )
  }
  return (
    <Section
      title={experiment.name}
      description={`Running since ${formatDateTime(experiment.started_at)}: ${experiment.arms.map((a) => `${armLabel(a)} ${formatPct(a.weight, 0)}`).join(", ")}.`}
      testId="rl-experiment-running"
      actions={
        <div className="flex items-center gap-x-2">
          <Select size="small" value={winner} onValueChange={setWinner}>
            <Select.Trigger className="w-44">
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              <Select.Item value="none">No winner named</Select.Item>
              {experiment.arms.map((a) => (
                <Select.Item key={a.key} value={a.key}>
                  Winner: {armLabel(a)}
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
          {canMakeDefault && (
            <div className="flex items-center gap-x-1">
              <Switch id="rl-experiment-default" checked={makeDefault} onCheckedChange={setMakeDefault} data-testid="rl-experiment-make-default" />
              <Label htmlFor="rl-experiment-default" size="xsmall">
                Serve it to everyone
              </Label>
            </div>
          )}
          <Button size="small" variant="secondary" onClick={onStop} isLoading={stop.isPending} data-testid="rl-experiment-stop">
            Stop
          </Button>
        </div>
      }
    >
      <Badge color="green" size="2xsmall" className="w-fit">
        Running
      </Badge>
    </Section>
  )
}

const metricValue = (metric: ExperimentMetric, v: number | null, currency: string | null) =>
  v === null ? "–" : metric === "revenue" ? formatMoney(v, currency ?? "usd") : formatPct(v, 2)

const Results = ({ id }: { id: string }) => {
  const { data } = useRlExperiment(id)
  if (!data) return null
  const { experiment, arms } = data
  const verdicts = arms.filter((a) => a.comparison)
  const small = arms.some((a) => a.samples[experiment.metric].n < MIN_DECISIONS_PER_ARM)
  return (
    <Section
      title={`Results: ${experiment.name}`}
      description={`Primary metric: ${METRICS.find((m) => m.value === experiment.metric)?.label}${experiment.currency_code ? ` in ${experiment.currency_code.toUpperCase()}` : ""}. Differences against ${experiment.control_arm} with always-valid 95% intervals: read them as often as you like.`}
      testId="rl-experiment-results"
    >
      {arms.every((a) => a.decisions === 0) ? (
        <EmptyState title="No decisions yet" testId="rl-experiment-empty">
          Arms fill in as shoppers are served (the dashboard refreshes every 30 s).
        </EmptyState>
      ) : (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Arm</Table.HeaderCell>
              <Table.HeaderCell>Decisions</Table.HeaderCell>
              <Table.HeaderCell>Engagements</Table.HeaderCell>
              <Table.HeaderCell>Conversions</Table.HeaderCell>
              <Table.HeaderCell>Revenue</Table.HeaderCell>
              <Table.HeaderCell>Per decision</Table.HeaderCell>
              <Table.HeaderCell>Difference (95% interval)</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {arms.map((a: ExperimentArmResult) => (
              <Table.Row key={a.arm} data-testid={`rl-experiment-arm-${a.arm}`}>
                <Table.Cell>{armLabel(a.spec)}</Table.Cell>
                <Table.Cell data-testid={`rl-experiment-arm-${a.arm}-decisions`}>{formatInt(a.decisions)}</Table.Cell>
                <Table.Cell>{formatInt(a.engagements)}</Table.Cell>
                <Table.Cell>{formatInt(a.conversions)}</Table.Cell>
                <Table.Cell>{experiment.currency_code ? formatMoney(a.revenue, experiment.currency_code) : "–"}</Table.Cell>
                <Table.Cell>{metricValue(experiment.metric, a.mean, experiment.currency_code)}</Table.Cell>
                <Table.Cell>
                  {a.comparison?.ci95
                    ? `${metricValue(experiment.metric, a.comparison.difference, experiment.currency_code)} (${metricValue(experiment.metric, a.comparison.ci95[0], experiment.currency_code)} to ${metricValue(experiment.metric, a.comparison.ci95[1], experiment.currency_code)})`
                    : a.comparison
                      ? "–"
                      : "control"}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      {verdicts.map((a) => (
        <Text key={a.arm} size="small" data-testid="rl-experiment-verdict">
          {a.comparison!.summary}
          {a.comparison!.lift !== null && a.comparison!.verdict !== "not_enough_data" ? ` Lift ${formatNum(a.comparison!.lift * 100, 1)}%.` : ""}
        </Text>
      ))}
      {small && (
        <Text size="xsmall" className="text-ui-fg-muted">
          A verdict needs at least {MIN_DECISIONS_PER_ARM} decisions in each arm; below that an interval is too wide to act on.
        </Text>
      )}
    </Section>
  )
}
