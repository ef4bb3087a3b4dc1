import { Badge, Button, Input, Label, Select, Table, Text, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import { useCandidateSnapshots } from "../hooks/controls"
import { usePromoteShadow, useRlShadow, useRlShadows, useStartShadow, useStopShadow } from "../hooks/shadows"
import { STRATEGY_LABELS, formatDateTime, formatInt, formatNum, formatPct } from "../lib/format"
import type { Shadow } from "../lib/types"
import { EmptyState, Section } from "./kpi-card"

const LIVE = "live"

const candidateLabel = (s: Pick<Shadow, "snapshot_id" | "epsilon">) =>
  `${s.snapshot_id ? `snapshot ${s.snapshot_id}` : "the live table"}${s.epsilon !== null ? ` with ε ${s.epsilon}` : ""}`

/**
 * A candidate policy in shadow: for every decision its own draw and its
 * probabilities are logged beside the served one, never served. Shows how
 * often it agrees, its off-policy value on its own log against what the
 * serving policy earned, and promotes it only when the rule allows.
 */
export const ShadowPanel = () => {
  const { data } = useRlShadows()
  const running = data?.shadows.find((s) => s.status === "running") ?? null
  const last = running ?? data?.shadows[0] ?? null
  return (
    <div className="divide-y">
      {running ? null : <NewShadow />}
      {last && <ShadowResults id={last.id} />}
    </div>
  )
}

const NewShadow = () => {
  const start = useStartShadow()
  const [name, setName] = useState("Candidate")
  const [source, setSource] = useState<string>(LIVE)
  const [epsilon, setEpsilon] = useState("")
  const usable = useCandidateSnapshots()
  const eps = epsilon.trim() === "" ? undefined : Number(epsilon)
  const invalid = !name.trim() || (eps !== undefined && !(eps >= 0 && eps <= 1)) || (source === LIVE && eps === undefined)
  const submit = () =>
    start.mutate(
      { name, ...(source === LIVE ? {} : { snapshot_id: source }), ...(eps === undefined ? {} : { epsilon: eps }) },
      { onSuccess: () => toast.success("Shadow started"), onError: (e) => toast.error(e.message) }
    )
  return (
    <Section
      title="Run a candidate in shadow"
      description="A model version (a snapshot of the Q-table, e.g. one trained with npm run evaluate and loaded) or the live table with another ε. Every decision logs what the candidate would have chosen; shoppers never see it. Promote it when its off-policy value beats the serving policy's."
      testId="rl-shadow-new"
    >
      <div className="grid max-w-3xl grid-cols-3 gap-3">
        <div className="flex flex-col gap-y-1">
          <Label size="small">Name</Label>
          <Input size="small" value={name} onChange={(e) => setName(e.target.value)} data-testid="rl-shadow-name" />
        </div>
        <div className="flex flex-col gap-y-1">
          <Label size="small">Q-table</Label>
          <Select size="small" value={source} onValueChange={setSource}>
            <Select.Trigger data-testid="rl-shadow-source">
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              <Select.Item value={LIVE}>The live table</Select.Item>
              {usable.map((s) => (
                <Select.Item key={s.id} value={s.id}>
                  Snapshot of {formatDateTime(s.created_at)}
                  {s.label ? ` (${s.label})` : ""}
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
        </div>
        <div className="flex flex-col gap-y-1">
          <Label size="small">ε {source === LIVE ? "(required)" : "(default: the snapshot's)"}</Label>
          <Input size="small" type="number" step="0.01" min={0} max={1} value={epsilon} onChange={(e) => setEpsilon(e.target.value)} data-testid="rl-shadow-epsilon" />
        </div>
      </div>
      <div>
        <Button size="small" onClick={submit} isLoading={start.isPending} disabled={invalid} data-testid="rl-shadow-start">
          Start shadow
        </Button>
      </div>
    </Section>
  )
}

const ShadowResults = ({ id }: { id: string }) => {
  const { data } = useRlShadow(id)
  const stop = useStopShadow()
  const promote = usePromoteShadow()
  const prompt = usePrompt()
  if (!data) return null
  const { shadow, counts, promotion } = data
  const isRunning = shadow.status === "running"
  const onPromote = async () => {
    const ok = await prompt({
      title: `Promote "${shadow.name}"?`,
      description: `${promotion.reason} The current table is snapshotted first: rolling back is one restore.`,
      confirmText: "Promote",
      cancelText: "Cancel",
    })
    if (!ok) return
    promote.mutate(shadow.id, {
      onSuccess: (r) => toast.success(`Promoted: roll back with snapshot ${r.rollback_snapshot_id}`),
      onError: (e) => toast.error(e.message),
    })
  }
  return (
    <Section
      title={`Shadow: ${shadow.name}`}
      description={`Candidate: ${candidateLabel(shadow)}. Started ${formatDateTime(shadow.started_at)}${shadow.stopped_at ? `, ${shadow.status} ${formatDateTime(shadow.stopped_at)}` : ""}.`}
      testId="rl-shadow"
      actions={
        isRunning ? (
          <div className="flex items-center gap-x-2">
            <Button size="small" variant="secondary" onClick={() => stop.mutate(shadow.id, { onError: (e) => toast.error(e.message) })} isLoading={stop.isPending} data-testid="rl-shadow-stop">
              Stop
            </Button>
            <Button size="small" onClick={onPromote} disabled={!promotion.allowed} isLoading={promote.isPending} data-testid="rl-shadow-promote">
              Promote
            </Button>
          </div>
        ) : undefined
      }
    >
      <Badge color={isRunning ? "green" : shadow.status === "promoted" ? "blue" : "grey"} size="2xsmall" className="w-fit">
        {shadow.status}
      </Badge>
      {counts.decisions === 0 ? (
        <EmptyState title="No decisions shadowed yet" testId="rl-shadow-empty">
          Every recommendation served while the shadow runs logs the candidate's choice.
        </EmptyState>
      ) : (
        <>
          <Text size="small" data-testid="rl-shadow-agreement">
            {formatInt(counts.decisions)} decisions shadowed; the candidate agreed with the served strategy in {formatPct(counts.agreements / counts.decisions, 1)}.
          </Text>
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Strategy</Table.HeaderCell>
                <Table.HeaderCell>Served</Table.HeaderCell>
                <Table.HeaderCell>Candidate's choice</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {counts.by_strategy.map((s) => (
                <Table.Row key={s.strategy}>
                  <Table.Cell>{STRATEGY_LABELS[s.strategy]}</Table.Cell>
                  <Table.Cell>{formatPct(s.served / counts.decisions, 1)}</Table.Cell>
                  <Table.Cell>{formatPct(s.shadow / counts.decisions, 1)}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </>
      )}
      <Text size="small" data-testid="rl-shadow-verdict">
        {promotion.decisions > 0
          ? `Value per decision on ${formatInt(promotion.decisions)} settled decisions: candidate ${formatNum(promotion.candidate.value, 4)} (95% interval ${formatNum(promotion.candidate.lo, 4)} to ${formatNum(promotion.candidate.hi, 4)}), serving policy ${formatNum(promotion.current, 4)}. `
          : ""}
        {promotion.reason}
      </Text>
      <Text size="xsmall" className="text-ui-fg-muted">
        {promotion.rule} Doubly robust, on the probabilities the candidate had when each decision was served; IPS {formatNum(promotion.ips.value, 4)}, SNIPS{" "}
        {formatNum(promotion.snips.value, 4)}, effective sample size {formatInt(Math.round(promotion.effective_sample_size))}.
      </Text>
    </Section>
  )
}
