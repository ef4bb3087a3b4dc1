import { Badge, Select, Text } from "@medusajs/ui"
import { useMemo, useState } from "react"
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts"
import { useRlConvergence, useRlMetrics } from "../hooks/metrics"
import { STRATEGIES, STRATEGY_COLORS, STRATEGY_LABELS, formatMoney } from "../lib/format"
import { useStoreCurrency } from "../hooks/store-currency"
import type { MetricsQuery, MetricsRow } from "../lib/types"
import { EmptyState, Section } from "./kpi-card"

export type ChartRange = "24h" | "7d" | "30d"

export const RANGES: Record<ChartRange, { label: string; hours: number; granularity: "hour" | "day" }> = {
  "24h": { label: "Last 24 hours", hours: 24, granularity: "hour" },
  "7d": { label: "Last 7 days", hours: 24 * 7, granularity: "day" },
  "30d": { label: "Last 30 days", hours: 24 * 30, granularity: "day" },
}

/** The metrics window of a range, fixed for the life of the component so polling reuses the query key. */
export function useRangeQuery(range: ChartRange, group_by: MetricsQuery["group_by"], currency_code?: string): MetricsQuery {
  return useMemo(() => {
    const r = RANGES[range]
    const from = new Date(Date.now() - r.hours * 3_600_000)
    from.setMinutes(0, 0, 0)
    return { from: from.toISOString(), granularity: r.granularity, group_by, ...(currency_code ? { currency_code } : {}) }
  }, [range, group_by, currency_code])
}

export const RangeSelect = ({ value, onChange }: { value: ChartRange; onChange: (v: ChartRange) => void }) => (
  <div className="w-44">
    <Select size="small" value={value} onValueChange={(v) => onChange(v as ChartRange)}>
      <Select.Trigger data-testid="rl-range">
        <Select.Value />
      </Select.Trigger>
      <Select.Content>
        {Object.entries(RANGES).map(([k, r]) => (
          <Select.Item key={k} value={k}>
            {r.label}
          </Select.Item>
        ))}
      </Select.Content>
    </Select>
  </div>
)

const label = (iso: string, granularity?: string) => {
  const d = new Date(iso)
  return granularity === "hour"
    ? d.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" })
    : d.toLocaleDateString("en-GB", { day: "numeric", month: "short" })
}

const ChartFrame = ({ height = 240, children, testId }: { height?: number; children: React.ReactElement; testId: string }) => (
  <div style={{ width: "100%", height }} data-testid={testId}>
    <ResponsiveContainer>{children}</ResponsiveContainer>
  </div>
)

const NoData = () => (
  <EmptyState title="No decisions in this period">
    Charts fill in as the storefront asks for recommendations. Try the Tester tab, or widen the range.
  </EmptyState>
)

const axis = { fontSize: 11, fill: "#71717a" }

/** Average reward per decision, and decisions, over time. */
export const RewardOverTimeChart = ({ range }: { range: ChartRange }) => {
  const query = useRangeQuery(range, "none")
  const { data } = useRlMetrics(query)
  const rows = (data?.metrics ?? []).map((m) => ({ ...m, label: label(m.bucket, query.granularity) }))
  return (
    <Section title="Average reward over time" description="Reward earned per decision; decisions on the right axis.">
      {rows.length ? (
        <ChartFrame testId="rl-chart-reward">
          <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e4e4e7" />
            <XAxis dataKey="label" tick={axis} />
            <YAxis yAxisId="r" tick={axis} />
            <YAxis yAxisId="d" orientation="right" tick={axis} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Line yAxisId="r" type="monotone" dataKey="average_reward" name="Average reward" stroke="#ef4444" dot={false} strokeWidth={2} />
            <Line yAxisId="d" type="monotone" dataKey="decisions" name="Decisions" stroke="#a1a1aa" dot={false} />
          </LineChart>
        </ChartFrame>
      ) : (
        <NoData />
      )}
    </Section>
  )
}

/** The period's totals per key: the route returns one row per (bucket, key), the bar charts want one per key. */
const totalsByKey = (rows: MetricsRow[]) => {
  const out = new Map<string, MetricsRow>()
  for (const r of rows) {
    const t = out.get(r.key)
    if (!t) out.set(r.key, { ...r })
    else
      for (const k of ["decisions", "explored", "engagements", "conversions", "revenue", "reward_sum", "abandonments", "rejections"] as const)
        t[k] += r[k]
  }
  return [...out.values()]
}

/** The period's totals per strategy, in the strategies' order, with their labels. */
function useStrategyTotals(range: ChartRange, currency?: string) {
  const { data } = useRlMetrics(useRangeQuery(range, "strategy", currency))
  const byKey = new Map(totalsByKey(data?.metrics ?? []).map((r) => [r.key, r]))
  return STRATEGIES.filter((s) => byKey.has(s)).map((s) => ({ ...byKey.get(s)!, name: STRATEGY_LABELS[s], strategy: s }))
}

/** How often each strategy was chosen, greedy (exploit) or at random (explore). */
export const StrategyDistributionChart = ({ range }: { range: ChartRange }) => {
  const rows = useStrategyTotals(range).map((r) => ({ ...r, exploit: r.decisions - r.explored }))
  return (
    <Section title="Strategy distribution" description="Decisions per strategy: exploit (greedy) and explore (ε).">
      {rows.length ? (
        <ChartFrame testId="rl-chart-strategies">
          <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 48 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e4e4e7" />
            <XAxis type="number" tick={axis} />
            <YAxis type="category" dataKey="name" tick={axis} width={110} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="exploit" name="Exploit" stackId="a" fill="#6366f1" />
            <Bar dataKey="explored" name="Explore" stackId="a" fill="#f59e0b" />
          </BarChart>
        </ChartFrame>
      ) : (
        <NoData />
      )}
    </Section>
  )
}

/** Conversion rate and average order value (attributed revenue per conversion) per strategy. */
const ATTRIBUTED = "Attributed revenue per order"

export const ConversionByStrategyChart = ({ range }: { range: ChartRange }) => {
  const store = useStoreCurrency()
  const [picked, setPicked] = useState<string | null>(null)
  // the currencies decisions were priced in over the range, most decisions first: the default is the
  // busiest one (a store's default currency may sell nothing), the picker offers them and the store's
  const { data: byCurrency } = useRlMetrics(useRangeQuery(range, "currency"))
  const traded = totalsByKey(byCurrency?.metrics ?? [])
    .filter((r) => r.key !== "unknown" && r.decisions > 0)
    .sort((a, b) => b.decisions - a.decisions)
    .map((r) => r.key)
  const currencies = [...new Set([...traded, ...store.currencies])]
  const currency = picked ?? traded[0] ?? store.currency
  // one currency's decisions only: revenue in EUR and in JPY do not add up
  const rows = useStrategyTotals(range, currency).map((r) => ({
    ...r,
    conversion: r.decisions ? (100 * r.conversions) / r.decisions : 0,
    // attributed revenue (the recommended products' lines) per converted decision: not the order's value
    attributed: r.conversions ? r.revenue / r.conversions : 0,
  }))
  return (
    <Section
      title="Conversion and attributed revenue by strategy"
      description={`Orders containing a recommended product, per decision; the revenue of the recommended products in those orders, per order${currencies.length > 1 ? `. Decisions priced in ${currency.toUpperCase()}` : ""}.`}
    >
      {currencies.length > 1 ? (
        <div className="mb-2 w-32">
          <Select size="small" value={currency} onValueChange={setPicked}>
            <Select.Trigger data-testid="rl-conversion-currency" aria-label="Currency">
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              {currencies.map((c) => (
                <Select.Item key={c} value={c}>
                  {c.toUpperCase()}
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
        </div>
      ) : null}
      {rows.length ? (
        <ChartFrame testId="rl-chart-conversion">
          <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e4e4e7" />
            <XAxis dataKey="strategy" tick={axis} />
            <YAxis yAxisId="c" tick={axis} unit="%" />
            <YAxis yAxisId="a" orientation="right" tick={axis} />
            <Tooltip formatter={(v: unknown, name: unknown) => (name === ATTRIBUTED ? formatMoney(Number(v), currency) : `${Number(v).toFixed(1)}%`)} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar yAxisId="c" dataKey="conversion" name="Conversion rate" fill="#10b981" />
            <Bar yAxisId="a" dataKey="attributed" name={ATTRIBUTED} fill="#0ea5e9" />
          </BarChart>
        </ChartFrame>
      ) : (
        <NoData />
      )}
    </Section>
  )
}

/** The fairness view: the strategy mix each segment (or country) gets. */
export const SegmentMixChart = ({ range, by }: { range: ChartRange; by: "segment" | "country" }) => {
  const query = useRangeQuery(range, by === "segment" ? "segment_strategy" : "country_strategy")
  const { data } = useRlMetrics(query)
  const groups = new Map<string, Record<string, number | string>>()
  for (const r of totalsByKey(data?.metrics ?? [])) {
    const [group, strategy] = r.key.split("|")
    const row = groups.get(group) ?? { group }
    row[strategy] = ((row[strategy] as number) ?? 0) + r.decisions
    groups.set(group, row)
  }
  // shares, so a small segment's mix reads as clearly as a large one's
  const sized = [...groups.values()].map((row) => ({ row, n: STRATEGIES.reduce((s, k) => s + ((row[k] as number) ?? 0), 0) }))
  const rows = sized
    .sort((a, b) => b.n - a.n)
    .map(({ row, n }) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "number" ? (100 * v) / n : v])))
  return (
    <Section
      title={`Strategy mix by ${by === "segment" ? "segment (guest, new, returning)" : "country"}`}
      description="Share of each group's decisions per strategy: does any group get a different experience?"
    >
      {rows.length ? (
        <ChartFrame testId="rl-chart-segments">
          <BarChart data={rows.slice(0, 12)} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e4e4e7" />
            <XAxis dataKey="group" tick={axis} />
            <YAxis tick={axis} domain={[0, 100]} allowDataOverflow tickFormatter={(v: number) => `${Math.round(v)}%`} />
            <Tooltip formatter={(v: unknown) => `${Number(v).toFixed(1)}%`} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {STRATEGIES.map((s) => (
              <Bar key={s} dataKey={s} name={s} stackId="m" fill={STRATEGY_COLORS[s]} />
            ))}
          </BarChart>
        </ChartFrame>
      ) : (
        <NoData />
      )}
      {by === "country" && rows.length > 12 && (
        <Text size="xsmall" className="text-ui-fg-muted">
          The 12 countries with the most decisions are shown.
        </Text>
      )}
    </Section>
  )
}

const VERDICT_COLORS = { settling: "green", still_moving: "orange", drifting: "red", not_enough_data: "grey" } as const
const VERDICT_LABELS = { settling: "Settling", still_moving: "Still moving", drifting: "Drifting after a change", not_enough_data: "Not enough data" }

/**
 * Whether the serving model is settling: per day, how far Q updates move
 * (mean |ΔQ|), the share of returning states whose best strategy changed, and
 * the exploration applied; with the plain reading. A trained model's first
 * days are its replay of the history.
 */
export const ConvergenceChart = () => {
  const { data } = useRlConvergence()
  const rows = (data?.days ?? []).map((d) => ({
    ...d,
    label: new Date(`${d.day}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "2-digit", timeZone: "UTC" }),
    greedy_changed_pct: d.greedy_changed_share === null ? null : d.greedy_changed_share * 100,
    exploration_pct: d.exploration_rate === null ? null : d.exploration_rate * 100,
  }))
  const reading = data?.reading
  return (
    <Section
      title="Convergence"
      description={`Model version ${data?.model_version ?? "…"}: how far each Q update moves its value (mean |ΔQ|), and the share of returning states whose best strategy changed, per day.`}
      testId="rl-convergence"
      actions={
        reading && (
          <Badge color={VERDICT_COLORS[reading.verdict]} data-testid="rl-convergence-verdict">
            {VERDICT_LABELS[reading.verdict]}
          </Badge>
        )
      }
    >
      {reading && (
        <Text size="small" className="text-ui-fg-subtle" data-testid="rl-convergence-reading">
          {reading.text}
        </Text>
      )}
      {rows.length ? (
        <ChartFrame testId="rl-chart-convergence">
          <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e4e4e7" />
            <XAxis dataKey="label" tick={axis} />
            <YAxis yAxisId="q" tick={axis} />
            <YAxis yAxisId="p" orientation="right" tick={axis} unit="%" domain={[0, 100]} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Line yAxisId="q" type="monotone" dataKey="mean_abs_delta_q" name="Mean |ΔQ|" stroke="#6366f1" dot={false} strokeWidth={2} connectNulls />
            <Line yAxisId="p" type="monotone" dataKey="greedy_changed_pct" name="States that changed strategy (%)" stroke="#f59e0b" dot={false} connectNulls />
            <Line yAxisId="p" type="monotone" dataKey="exploration_pct" name="Explored (%)" stroke="#a1a1aa" dot={false} connectNulls />
          </LineChart>
        </ChartFrame>
      ) : (
        <EmptyState title="No learning recorded for this model yet">
          The days fill in as rewards move the Q-table (rolled up hourly). A model loaded from npm run evaluate brings the days of its training.
        </EmptyState>
      )}
    </Section>
  )
}
