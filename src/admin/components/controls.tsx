import { Badge, Button, Checkbox, Input, Label, Switch, Table, Text, toast, usePrompt } from "@medusajs/ui"
import { STRATEGIES } from "../../learning/strategies"
import { useEffect, useRef, useState } from "react"
import { useRlAgent, useUpdateRlAgent, type AgentUpdate } from "../hooks/agent"
import {
  useCreateSnapshot,
  useJudgePromotion,
  usePromoteSnapshot,
  useRestoreSnapshot,
  useRetryFailedJobs,
  useRlFailedJobs,
  useRlImports,
  useRlSnapshots,
  useStartImport,
} from "../hooks/controls"
import { STRATEGY_LABELS, formatDateTime, formatInt } from "../lib/format"
import type { PromotionVerdict } from "../../evaluation/promotion"
import type { AdminRlAgent, ImportRun } from "../lib/types"
import { EmptyState, Grid, Section } from "./kpi-card"

const PARAMS = [
  { key: "epsilon", label: "ε (exploration)", min: 0, max: 1 },
  { key: "epsilon_min", label: "ε floor", min: 0, max: 1 },
  { key: "epsilon_decay", label: "ε decay per hour", min: 0, max: 1 },
  { key: "alpha", label: "α (learning rate)", min: 0, max: 1 },
  { key: "gamma", label: "γ (discount)", min: 0, max: 1 },
] as const

const Parameters = () => {
  const { data } = useRlAgent()
  const update = useUpdateRlAgent()
  const agent = data?.agent
  const [form, setForm] = useState<Record<string, string>>({})
  useEffect(() => {
    if (agent) setForm(Object.fromEntries(PARAMS.map((p) => [p.key, String(agent[p.key])])))
  }, [agent?.epsilon, agent?.epsilon_min, agent?.epsilon_decay, agent?.alpha, agent?.gamma])

  const save = () => {
    if (!agent) return
    const body: AgentUpdate = {}
    for (const p of PARAMS) {
      const v = Number(form[p.key])
      if (form[p.key] !== String(agent[p.key])) (body as Record<string, number>)[p.key] = v
    }
    if (!Object.keys(body).length) return toast.info("Nothing changed")
    update.mutate(body, { onSuccess: () => toast.success("Parameters saved"), onError: (e) => toast.error(e.message) })
  }
  const toggle = (on: boolean) =>
    update.mutate(
      { learning_enabled: on },
      { onSuccess: () => toast.success(on ? "Learning resumed" : "Learning paused"), onError: (e) => toast.error(e.message) }
    )

  return (
    <Section title="Learning" description="Changes reach the workers within a second. Pausing keeps serving and logging, but Q stops moving.">
      {agent && (
        <div className="flex flex-col gap-y-3">
          {agent.serving_strategy && (
            <div className="flex items-center gap-x-2" data-testid="rl-serving-strategy">
              <Text size="small">
                Every shopper is served {STRATEGY_LABELS[agent.serving_strategy]} (an experiment's winner made the default); the agent keeps learning.
              </Text>
              <Button
                size="small"
                variant="secondary"
                isLoading={update.isPending}
                onClick={() =>
                  update.mutate({ serving_strategy: null }, { onSuccess: () => toast.success("The agent decides again"), onError: (e) => toast.error(e.message) })
                }
                data-testid="rl-serving-strategy-clear"
              >
                Let the agent decide again
              </Button>
            </div>
          )}
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1" data-testid="rl-explore-strategies">
            <Text size="small">Exploration may try:</Text>
            {STRATEGIES.map((s) => {
              const on = agent.explore_strategies.includes(s)
              const next = on ? agent.explore_strategies.filter((x) => x !== s) : [...agent.explore_strategies, s]
              return (
                <div key={s} className="flex items-center gap-x-1">
                  <Checkbox
                    id={`rl-explore-${s}`}
                    checked={on}
                    // the last one stays: set ε to 0 to stop exploring altogether
                    disabled={update.isPending || (on && agent.explore_strategies.length === 1)}
                    onCheckedChange={() =>
                      update.mutate(
                        { explore_strategies: next.length === STRATEGIES.length ? null : next },
                        { onSuccess: () => toast.success("Exploration guard rail saved"), onError: (e) => toast.error(e.message) }
                      )
                    }
                  />
                  <Label htmlFor={`rl-explore-${s}`} size="xsmall">
                    {STRATEGY_LABELS[s]}
                  </Label>
                </div>
              )
            })}
          </div>
          <ExploreGuard agent={agent} />
          <div className="flex items-center gap-x-2">
            <Switch id="rl-learning" checked={agent.learning_enabled} onCheckedChange={toggle} data-testid="rl-learning-switch" />
            <Label htmlFor="rl-learning" size="small">
              {agent.learning_enabled ? "Learning on" : "Learning paused"}
            </Label>
          </div>
          <Grid min={140} gap={12}>
            {PARAMS.map((p) => (
              <div key={p.key} className="flex flex-col gap-y-1">
                <Label size="xsmall">{p.label}</Label>
                <Input
                  size="small"
                  type="number"
                  step="0.001"
                  min={p.min}
                  max={p.max}
                  value={form[p.key] ?? ""}
                  onChange={(e) => setForm((f) => ({ ...f, [p.key]: e.target.value }))}
                  data-testid={`rl-param-${p.key}`}
                />
              </div>
            ))}
          </Grid>
          <div>
            <Button size="small" onClick={save} isLoading={update.isPending} data-testid="rl-params-save">
              Save parameters
            </Button>
          </div>
        </div>
      )}
    </Section>
  )
}

const Snapshots = () => {
  const { data } = useRlSnapshots()
  const create = useCreateSnapshot()
  const restore = useRestoreSnapshot()
  const prompt = usePrompt()
  const [label, setLabel] = useState("")

  const judge = useJudgePromotion()
  const promote = usePromoteSnapshot()
  /** Judges the snapshot on the live log first: promotes only when the rule allows, and says why not otherwise. */
  const tryPromote = async (id: string, when: string) => {
    let verdict: PromotionVerdict
    try {
      verdict = await judge.mutateAsync(id)
    } catch (e) {
      toast.error((e as Error).message)
      return
    }
    if (!verdict.allowed) {
      await prompt({ title: "Not promoted", description: `${verdict.reason} ${verdict.rule}`, confirmText: "OK", cancelText: "Close" })
      return
    }
    const ok = await prompt({
      title: `Promote the snapshot of ${when}?`,
      description: `${verdict.reason} It becomes the serving model; the current table is snapshotted first, so rolling back stays one click.`,
      confirmText: "Promote",
      cancelText: "Cancel",
    })
    if (!ok) return
    promote.mutate(id, {
      onSuccess: (r) => toast.success(`Promoted: model version ${r.restored.model_version}`),
      onError: (e) => toast.error(e.message),
    })
  }

  const rollback = async (id: string, when: string) => {
    const ok = await prompt({
      title: "Roll back the agent?",
      description: `The Q-table and parameters of ${when} become a new model version. What the agent learnt since is kept in a snapshot taken first, so this can be undone.`,
      confirmText: "Roll back",
      cancelText: "Cancel",
    })
    if (!ok) return
    restore.mutate(id, {
      onSuccess: (r) => toast.success(`Rolled back: model version ${r.restored.model_version}, ${formatInt(r.restored.entries)} entries`),
      onError: (e) => toast.error(e.message),
    })
  }

  return (
    <Section
      title="Snapshots"
      description="Taken every 6 hours, before every rollback and model load, and on demand."
      actions={
        <div className="flex items-center gap-x-2">
          <Input size="small" placeholder="Label (optional)" value={label} onChange={(e) => setLabel(e.target.value)} className="w-48" />
          <Button
            size="small"
            variant="secondary"
            isLoading={create.isPending}
            onClick={() =>
              create.mutate(label.trim() || undefined, {
                onSuccess: () => (setLabel(""), toast.success("Snapshot taken")),
                onError: (e) => toast.error(e.message),
              })
            }
            data-testid="rl-snapshot-create"
          >
            Take snapshot
          </Button>
        </div>
      }
    >
      {data && data.snapshots.length === 0 && <EmptyState title="No snapshots yet">Take one before changing parameters.</EmptyState>}
      {data && data.snapshots.length > 0 && (
        <Table data-testid="rl-snapshots">
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Taken</Table.HeaderCell>
              <Table.HeaderCell>Why</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Version</Table.HeaderCell>
              <Table.HeaderCell className="text-right">States</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Entries</Table.HeaderCell>
              <Table.HeaderCell />
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {data.snapshots.map((s) => (
              <Table.Row key={s.id} data-testid="rl-snapshot-row">
                <Table.Cell>{formatDateTime(s.created_at)}</Table.Cell>
                <Table.Cell>
                  <Badge size="2xsmall">{s.reason}</Badge> {s.label}
                </Table.Cell>
                <Table.Cell className="text-right">{s.model_version}</Table.Cell>
                <Table.Cell className="text-right">{formatInt(s.states)}</Table.Cell>
                <Table.Cell className="text-right">{formatInt(s.entries)}</Table.Cell>
                <Table.Cell className="text-right">
                  {s.entries > 0 ? (
                    <>
                      <Button size="small" variant="transparent" onClick={() => tryPromote(s.id, formatDateTime(s.created_at))} data-testid="rl-snapshot-promote">
                        Promote…
                      </Button>
                      <Button size="small" variant="transparent" onClick={() => rollback(s.id, formatDateTime(s.created_at))} data-testid="rl-snapshot-restore">
                        Roll back
                      </Button>
                    </>
                  ) : (
                    <Text size="small" className="text-ui-fg-muted" data-testid="rl-snapshot-empty">
                      empty: nothing to roll back to
                    </Text>
                  )}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </Section>
  )
}

const FailedJobs = () => {
  const { data } = useRlFailedJobs()
  const retry = useRetryFailedJobs()
  return (
    <Section
      title="Failed reward jobs"
      description="Jobs that used up their retries. Retrying is safe: every reward is applied once, however often its job runs."
      actions={
        <Button
          size="small"
          variant="secondary"
          disabled={!data?.count}
          isLoading={retry.isPending}
          onClick={() => retry.mutate(undefined, { onSuccess: (r) => toast.success(`${r.retried} jobs queued again`), onError: (e) => toast.error(e.message) })}
          data-testid="rl-failed-retry"
        >
          Retry all
        </Button>
      }
    >
      {data && data.count === 0 && (
        <Text size="small" className="text-ui-fg-subtle" data-testid="rl-failed-none">
          None: every reward job has gone through.
        </Text>
      )}
      {data && data.count > 0 && (
        <Table>
          <Table.Body>
            {data.failed_jobs.map((j) => (
              <Table.Row key={j.id}>
                <Table.Cell>{j.name}</Table.Cell>
                <Table.Cell className="max-w-md truncate" title={j.failed_reason}>
                  {j.failed_reason}
                </Table.Cell>
                <Table.Cell>{j.attempts_made} attempts</Table.Cell>
                <Table.Cell>{formatDateTime(j.failed_at)}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </Section>
  )
}

const Progress = ({ run }: { run: ImportRun }) => {
  const pct = run.status === "completed" ? 100 : run.total ? Math.min(100, (100 * run.processed) / run.total) : 0
  return (
    <div className="flex flex-col gap-y-1" data-testid="rl-import-progress">
      <div className="flex items-center justify-between">
        <Text size="small">
          {run.file_name} · {run.phase}
          {run.total ? ` · ${formatInt(run.processed)} / ${formatInt(run.total)}` : ""}
        </Text>
        <Badge size="2xsmall" color={run.status === "completed" ? "green" : run.status === "failed" ? "red" : "blue"}>
          {run.status}
        </Badge>
      </div>
      <div className="bg-ui-bg-subtle h-2 w-full overflow-hidden rounded-full" role="progressbar" aria-valuenow={Math.round(pct)} aria-valuemin={0} aria-valuemax={100}>
        <div className="bg-ui-fg-interactive h-full transition-all" style={{ width: `${pct}%` }} />
      </div>
      {run.error && (
        <Text size="xsmall" className="text-ui-fg-error">
          {run.error}
        </Text>
      )}
    </div>
  )
}

const Import = () => {
  const { data } = useRlImports()
  const start = useStartImport()
  const input = useRef<HTMLInputElement>(null)
  const [file, setFile] = useState<File | null>(null)
  const runs = data?.import_runs ?? []
  return (
    <Section
      title="Import the Online Retail data set"
      description="Products, customers and purchase history from the UCI file (.xlsx, .csv, .csv.gz or .parquet). Safe to run again: it resumes and never duplicates."
    >
      <div className="flex items-center gap-x-2">
        <input ref={input} type="file" accept=".xlsx,.csv,.gz,.parquet" onChange={(e) => setFile(e.target.files?.[0] ?? null)} className="text-sm" data-testid="rl-import-file" />
        <Button
          size="small"
          disabled={!file}
          isLoading={start.isPending}
          onClick={() =>
            file &&
            start.mutate(file, {
              onSuccess: () => {
                toast.success("Import queued")
                setFile(null)
                if (input.current) input.current.value = ""
              },
              onError: (e) => toast.error(e.message),
            })
          }
          data-testid="rl-import-start"
        >
          Import
        </Button>
      </div>
      {runs.length === 0 && <Text size="small" className="text-ui-fg-subtle">No imports yet.</Text>}
      {runs.map((r) => (
        <Progress key={r.id} run={r} />
      ))}
    </Section>
  )
}

export const Controls = () => (
  <div className="divide-y">
    <Parameters />
    <Snapshots />
    <FailedJobs />
    <Import />
  </div>
)

/**
 * The per-request guard rail: exploration only into strategies whose own
 * list fills the shopper's request (no short price band, no fill-ins), and
 * optionally only counting products with a stock level. The logged
 * propensities stay exact: the set is decided per request before the draw.
 */
const ExploreGuard = ({ agent }: { agent: AdminRlAgent }) => {
  const update = useUpdateRlAgent()
  const [minStock, setMinStock] = useState(agent.explore_min_stock === null ? "" : String(agent.explore_min_stock))
  const on = agent.explore_full_list || agent.explore_min_stock !== null
  const saved = (what: string) => ({ onSuccess: () => toast.success(what), onError: (e: Error) => toast.error(e.message) })
  const level = minStock.trim() === "" ? null : Number(minStock)
  const badLevel = level !== null && !(Number.isInteger(level) && level >= 1)
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1" data-testid="rl-explore-guard">
      <Switch
        id="rl-explore-full"
        checked={on}
        disabled={update.isPending}
        onCheckedChange={(v) => update.mutate(v ? { explore_full_list: true } : { explore_full_list: false, explore_min_stock: null }, saved(v ? "Guard rail on" : "Guard rail off"))}
        data-testid="rl-explore-full-switch"
      />
      <Label htmlFor="rl-explore-full" size="xsmall">
        Explore only into strategies whose own list fills the shopper's request
      </Label>
      <Label size="xsmall">counting products with at least</Label>
      <Input size="small" type="number" min={1} className="w-24" placeholder="any" value={minStock} onChange={(e) => setMinStock(e.target.value)} data-testid="rl-explore-min-stock" />
      <Label size="xsmall">units in stock</Label>
      <Button
        size="small"
        variant="secondary"
        disabled={badLevel || level === agent.explore_min_stock || update.isPending}
        onClick={() => update.mutate({ explore_min_stock: level }, saved(level === null ? "Stock level cleared" : `Stock level ${level} saved`))}
        data-testid="rl-explore-min-stock-save"
      >
        Save
      </Button>
    </div>
  )
}
