import { Badge, Button, Input, Label, Select, Switch, Table, Text, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import { useCreateRule, useDeleteRule, useRlRuleAudit, useRlRules, useUpdateRule } from "../hooks/rules"
import { useProductSearch } from "../hooks/tester"
import { formatDateTime } from "../lib/format"
import type { Rule, RuleInput } from "../lib/types"
import { EmptyState, Section } from "./kpi-card"

const KINDS: Array<{ value: Rule["kind"]; label: string; help: string }> = [
  { value: "exclude", label: "Exclude", help: "Never recommend what it matches." },
  { value: "include_only", label: "Include only", help: "Recommend only what it matches (several: any of them)." },
  { value: "min_stock", label: "Minimum stock", help: "Hide products with fewer units available." },
  { value: "price_range", label: "Price range", help: "Hide products priced outside the range, in one currency." },
  { value: "pin", label: "Pin", help: "Show these products first, in this order." },
  { value: "boost", label: "Boost or bury", help: "Multiply their relevance (0.1–10; below 1 buries)." },
]
const TARGETS: Array<{ value: NonNullable<Rule["target_type"]>; label: string }> = [
  { value: "product", label: "Products" },
  { value: "category", label: "Categories (ids)" },
  { value: "collection", label: "Collections (ids)" },
  { value: "tag", label: "Tags (ids)" },
]
const PLACEMENTS = ["any", "cart", "product", "home", "checkout"] as const

type Form = {
  kind: Rule["kind"]
  target_type: NonNullable<Rule["target_type"]>
  products: Array<{ id: string; title: string }>
  ids: string
  placement: (typeof PLACEMENTS)[number]
  sales_channel_id: string
  min_stock: string
  currency_code: string
  price_min: string
  price_max: string
  multiplier: string
  note: string
}

const EMPTY: Form = {
  kind: "exclude",
  target_type: "product",
  products: [],
  ids: "",
  placement: "any",
  sales_channel_id: "",
  min_stock: "",
  currency_code: "",
  price_min: "",
  price_max: "",
  multiplier: "",
  note: "",
}

/** A labelled select over fixed options: the form's kind, target type and placement. */
function Choice<T extends string>(props: { label: string; value: T; options: Array<{ value: T; label: string }>; onChange: (v: T) => void; testId: string }) {
  return (
    <>
      <Label size="small">{props.label}</Label>
      <Select size="small" value={props.value} onValueChange={(v) => props.onChange(v as T)}>
        <Select.Trigger data-testid={props.testId}>
          <Select.Value />
        </Select.Trigger>
        <Select.Content>
          {props.options.map((o) => (
            <Select.Item key={o.value} value={o.value}>
              {o.label}
            </Select.Item>
          ))}
        </Select.Content>
      </Select>
    </>
  )
}

const num = (v: string) => (v.trim() === "" ? null : Number(v))

/** The form as the route's body: only the fields the kind uses; the route checks the rule as a whole. */
function toInput(f: Form): RuleInput {
  const targeted = f.kind === "exclude" || f.kind === "include_only" || f.kind === "boost" || f.kind === "pin"
  const type = f.kind === "pin" ? "product" : f.target_type
  const ids = type === "product" ? f.products.map((p) => p.id) : f.ids.split(/[\s,]+/).filter(Boolean)
  return {
    kind: f.kind,
    target_type: targeted ? type : null,
    target_ids: targeted ? ids : [],
    placement: f.placement === "any" ? null : f.placement,
    sales_channel_id: f.sales_channel_id.trim() || null,
    min_stock: f.kind === "min_stock" ? num(f.min_stock) : null,
    currency_code: f.kind === "price_range" ? f.currency_code.trim() || null : null,
    price_min: f.kind === "price_range" ? num(f.price_min) : null,
    price_max: f.kind === "price_range" ? num(f.price_max) : null,
    multiplier: f.kind === "boost" ? num(f.multiplier) : null,
    enabled: true,
    note: f.note.trim() || null,
  }
}

/** A rule in words, for the table. */
function describe(rule: Rule): string {
  const targets = `${rule.target_ids.length} ${rule.target_type ?? ""}${rule.target_ids.length === 1 ? "" : "s"}`.replace("categorys", "categories")
  switch (rule.kind) {
    case "exclude":
      return `Exclude ${targets}`
    case "include_only":
      return `Only ${targets}`
    case "min_stock":
      return `At least ${rule.min_stock} in stock`
    case "price_range":
      return `${rule.currency_code?.toUpperCase()} ${rule.price_min ?? "0"} – ${rule.price_max ?? "∞"}`
    case "pin":
      return `Pin ${targets} first`
    case "boost":
      return `${(rule.multiplier ?? 1) >= 1 ? "Boost" : "Bury"} ${targets} ×${rule.multiplier}`
  }
}

const RuleForm = () => {
  const [form, setForm] = useState<Form>(EMPTY)
  const [productQ, setProductQ] = useState("")
  const products = useProductSearch(productQ)
  const create = useCreateRule()
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }))
  const kind = KINDS.find((k) => k.value === form.kind)!
  const targeted = form.kind === "exclude" || form.kind === "include_only" || form.kind === "boost" || form.kind === "pin"
  const byProduct = form.kind === "pin" || form.target_type === "product"

  const submit = () =>
    create.mutate(toInput(form), {
      onSuccess: () => {
        toast.success("Rule saved: it applies from the next recommendation")
        setForm(EMPTY)
      },
      onError: (e) => toast.error(e.message),
    })

  return (
    <Section title="New rule" description={kind.help}>
      <div className="flex flex-col gap-y-2" style={{ maxWidth: 520 }}>
        <Choice label="Kind" value={form.kind} options={KINDS} onChange={(v) => set("kind", v)} testId="rl-rule-kind" />
        {targeted && form.kind !== "pin" && (
          <Choice label="Matches" value={form.target_type} options={TARGETS} onChange={(v) => set("target_type", v)} testId="rl-rule-target-type" />
        )}
        {targeted && byProduct && (
          <>
            <Input size="small" placeholder="Search products to add" value={productQ} onChange={(e) => setProductQ(e.target.value)} data-testid="rl-rule-product-search" />
            <div className="flex flex-col">
              {(productQ ? products.data?.products ?? [] : []).map((p) => (
                <button
                  key={p.id}
                  className="text-ui-fg-subtle hover:bg-ui-bg-base-hover rounded px-2 py-1 text-left text-sm"
                  onClick={() => {
                    if (!form.products.some((x) => x.id === p.id)) set("products", [...form.products, { id: p.id, title: p.title }])
                    setProductQ("")
                  }}
                  data-testid="rl-rule-product-option"
                >
                  + {p.title}
                </button>
              ))}
            </div>
            {form.products.length > 0 && (
              <div className="flex flex-wrap gap-1" data-testid="rl-rule-products">
                {form.products.map((p) => (
                  <Badge key={p.id} size="small">
                    {p.title}{" "}
                    <button aria-label={`Remove ${p.title}`} onClick={() => set("products", form.products.filter((x) => x.id !== p.id))}>
                      ×
                    </button>
                  </Badge>
                ))}
              </div>
            )}
          </>
        )}
        {targeted && !byProduct && (
          <Input size="small" placeholder="Ids, separated by commas (pcat_…, pcol_…, ptag_…)" value={form.ids} onChange={(e) => set("ids", e.target.value)} data-testid="rl-rule-ids" />
        )}
        {form.kind === "min_stock" && (
          <Input size="small" type="number" min={1} placeholder="Units" value={form.min_stock} onChange={(e) => set("min_stock", e.target.value)} data-testid="rl-rule-min-stock" />
        )}
        {form.kind === "price_range" && (
          <div className="flex gap-x-2">
            <Input size="small" placeholder="Currency (eur)" value={form.currency_code} onChange={(e) => set("currency_code", e.target.value)} data-testid="rl-rule-currency" />
            <Input size="small" type="number" min={0} placeholder="From" value={form.price_min} onChange={(e) => set("price_min", e.target.value)} data-testid="rl-rule-price-min" />
            <Input size="small" type="number" min={0} placeholder="To" value={form.price_max} onChange={(e) => set("price_max", e.target.value)} data-testid="rl-rule-price-max" />
          </div>
        )}
        {form.kind === "boost" && (
          <Input size="small" type="number" min={0.1} max={10} step={0.1} placeholder="Multiplier (0.1–10)" value={form.multiplier} onChange={(e) => set("multiplier", e.target.value)} data-testid="rl-rule-multiplier" />
        )}
        <div className="flex gap-x-2">
          <div className="flex-1">
            <Choice
              label="Placement"
              value={form.placement}
              options={PLACEMENTS.map((p) => ({ value: p, label: p === "any" ? "Every placement" : p }))}
              onChange={(v) => set("placement", v)}
              testId="rl-rule-placement"
            />
          </div>
          <div className="flex-1">
            <Label size="small">Sales channel</Label>
            <Input size="small" placeholder="Every channel (or sc_…)" value={form.sales_channel_id} onChange={(e) => set("sales_channel_id", e.target.value)} />
          </div>
        </div>
        <Input size="small" placeholder="Note (optional)" value={form.note} onChange={(e) => set("note", e.target.value)} />
        <Button size="small" onClick={submit} isLoading={create.isPending} data-testid="rl-rule-save">
          Save rule
        </Button>
      </div>
    </Section>
  )
}

const RuleList = () => {
  const { data } = useRlRules()
  const update = useUpdateRule()
  const remove = useDeleteRule()
  const prompt = usePrompt()
  const rules = data?.rules ?? []
  const drop = async (rule: Rule) => {
    if (!(await prompt({ title: "Delete this rule?", description: `${describe(rule)}. The audit log keeps it.`, confirmText: "Delete", cancelText: "Keep" }))) return
    remove.mutate(rule.id, { onSuccess: () => toast.success("Rule deleted"), onError: (e) => toast.error(e.message) })
  }
  return (
    <Section title="Rules" description="Every strategy follows them, exploration included; a list they leave short says so (limited by rules).">
      {!rules.length ? (
        <EmptyState title="No rules" testId="rl-rules-empty">
          The agent recommends from every sellable product.
        </EmptyState>
      ) : (
        <Table data-testid="rl-rules-table">
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Rule</Table.HeaderCell>
              <Table.HeaderCell>Where</Table.HeaderCell>
              <Table.HeaderCell>Note</Table.HeaderCell>
              <Table.HeaderCell>On</Table.HeaderCell>
              <Table.HeaderCell />
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {rules.map((r) => (
              <Table.Row key={r.id} data-testid="rl-rule-row">
                <Table.Cell>{describe(r)}</Table.Cell>
                <Table.Cell>
                  {r.placement ?? "every placement"}
                  {r.sales_channel_id ? `, ${r.sales_channel_id}` : ""}
                </Table.Cell>
                <Table.Cell>{r.note ?? ""}</Table.Cell>
                <Table.Cell>
                  <Switch
                    checked={r.enabled}
                    onCheckedChange={(on) => update.mutate({ id: r.id, enabled: on }, { onError: (e) => toast.error(e.message) })}
                    aria-label="Rule on"
                  />
                </Table.Cell>
                <Table.Cell>
                  <Button size="small" variant="transparent" onClick={() => drop(r)}>
                    Delete
                  </Button>
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </Section>
  )
}

const AuditLog = () => {
  const { data } = useRlRuleAudit(10)
  const entries = data?.audit ?? []
  return (
    <Section title="Changes" description="Who changed which rule, and when (the last ten).">
      {!entries.length ? (
        <EmptyState title="No changes yet">Every rule saved, changed or deleted shows here.</EmptyState>
      ) : (
        <div className="flex flex-col gap-y-1" data-testid="rl-rule-audit">
          {entries.map((e) => (
            <Text key={e.id} size="small">
              {formatDateTime(e.created_at)} · {e.actor_id ?? "a script"} {e.action} “{describe((e.after ?? e.before)!)}”
            </Text>
          ))}
        </div>
      )}
    </Section>
  )
}

/** The merchant steers: rules the agent learns inside, and their audit log. */
export const RulesPanel = () => (
  <div className="flex flex-col divide-y">
    <RuleList />
    <RuleForm />
    <AuditLog />
  </div>
)
