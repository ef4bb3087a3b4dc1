import {
  Badge,
  Button,
  DataTable,
  Input,
  Select,
  Text,
  createDataTableColumnHelper,
  toast,
  useDataTable,
  type DataTablePaginationState,
} from "@medusajs/ui"
import { useState } from "react"
import { downloadDecisionsCsv, useRlDecisions } from "../hooks/decisions"
import { STRATEGIES, STRATEGY_LABELS, formatDateTime, formatMoney, formatNum } from "../lib/format"
import type { DecisionFilters, DecisionRow } from "../lib/types"

const PAGE_SIZE = 20
const ALL = "all"

const column = createDataTableColumnHelper<DecisionRow>()
const columns = [
  column.accessor("created_at", { header: "When", cell: ({ getValue }) => formatDateTime(getValue()) }),
  column.accessor("strategy", { header: "Strategy", cell: ({ getValue }) => STRATEGY_LABELS[getValue()] ?? getValue() }),
  column.accessor("explored", {
    header: "Choice",
    cell: ({ getValue }) => <Badge size="2xsmall" color={getValue() ? "orange" : "green"}>{getValue() ? "Explored" : "Greedy"}</Badge>,
  }),
  column.accessor("propensity", { header: "Propensity", cell: ({ getValue }) => formatNum(getValue()) }),
  column.accessor("country", { header: "Country", cell: ({ getValue }) => (getValue() ?? "–").toUpperCase() }),
  column.accessor("product_ids", { header: "Products", cell: ({ getValue }) => getValue()?.length ?? 0 }),
  column.accessor("rewards", {
    header: "Outcome",
    cell: ({ row }) => {
      const r = row.original
      if (r.converted) return <Badge size="2xsmall" color="green">Ordered</Badge>
      if (r.engaged) return <Badge size="2xsmall" color="blue">Engaged</Badge>
      if (r.rewards.some((x) => x.kind === "abandonment")) return <Badge size="2xsmall" color="red">Abandoned</Badge>
      if (r.rewards.some((x) => x.kind === "rejection")) return <Badge size="2xsmall" color="red">Dismissed</Badge>
      return <Badge size="2xsmall">Pending</Badge>
    },
  }),
  column.accessor("reward_sum", { header: "Reward", cell: ({ getValue }) => formatNum(getValue()) }),
  column.accessor("revenue", {
    header: "Revenue",
    cell: ({ getValue, row }) => (getValue() ? formatMoney(getValue(), row.original.currency_code ?? "usd") : "–"),
  }),
]

/** Day input (yyyy-mm-dd) → the ISO bound the API takes: start of `from`, end of `to`. */
const dayBound = (day: string, end: boolean) => (day ? new Date(`${day}T${end ? "23:59:59.999" : "00:00:00"}`).toISOString() : undefined)

/** The decision log: filters, pagination, and CSV export of the filtered set. */
export const HistoryTable = () => {
  const [strategy, setStrategy] = useState(ALL)
  const [explored, setExplored] = useState(ALL)
  const [customerId, setCustomerId] = useState("")
  const [from, setFrom] = useState("")
  const [to, setTo] = useState("")
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize: PAGE_SIZE })
  const [exporting, setExporting] = useState(false)

  const filters: DecisionFilters = {
    strategy: strategy === ALL ? undefined : strategy,
    explored: explored === ALL ? undefined : (explored as "true" | "false"),
    customer_id: customerId.trim() || undefined,
    from: dayBound(from, false),
    to: dayBound(to, true),
  }
  const { data, isLoading, isError, error } = useRlDecisions(filters, {
    offset: pagination.pageIndex * pagination.pageSize,
    limit: pagination.pageSize,
  })
  const resetPage = () => setPagination((p) => ({ ...p, pageIndex: 0 }))

  const table = useDataTable({
    columns,
    data: data?.decisions ?? [],
    rowCount: data?.count ?? 0,
    isLoading,
    getRowId: (r) => r.id,
    pagination: { state: pagination, onPaginationChange: setPagination },
  })

  const exportCsv = async () => {
    setExporting(true)
    try {
      const rows = await downloadDecisionsCsv(filters)
      toast.success(`Exported ${rows} decisions`)
    } catch (e) {
      toast.error((e as Error).message)
    } finally {
      setExporting(false)
    }
  }

  return (
    <div data-testid="rl-history">
      <DataTable instance={table}>
        <DataTable.Toolbar className="flex flex-wrap items-end gap-2">
          <div className="w-48">
            <Select size="small" value={strategy} onValueChange={(v) => (setStrategy(v), resetPage())}>
              <Select.Trigger data-testid="rl-history-strategy">
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                <Select.Item value={ALL}>All strategies</Select.Item>
                {STRATEGIES.map((s) => (
                  <Select.Item key={s} value={s}>
                    {STRATEGY_LABELS[s]}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select>
          </div>
          <div className="w-36">
            <Select size="small" value={explored} onValueChange={(v) => (setExplored(v), resetPage())}>
              <Select.Trigger>
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                <Select.Item value={ALL}>Greedy and explored</Select.Item>
                <Select.Item value="false">Greedy only</Select.Item>
                <Select.Item value="true">Explored only</Select.Item>
              </Select.Content>
            </Select>
          </div>
          <div className="w-56">
            <Input size="small" placeholder="Customer id (cus_…)" value={customerId} onChange={(e) => (setCustomerId(e.target.value), resetPage())} />
          </div>
          <Input size="small" type="date" className="w-36" value={from} onChange={(e) => (setFrom(e.target.value), resetPage())} aria-label="From" />
          <Input size="small" type="date" className="w-36" value={to} onChange={(e) => (setTo(e.target.value), resetPage())} aria-label="To" />
          <div className="ml-auto">
            <Button size="small" variant="secondary" onClick={exportCsv} isLoading={exporting} data-testid="rl-history-export">
              Export CSV
            </Button>
          </div>
        </DataTable.Toolbar>
        {isError && (
          <Text size="small" className="text-ui-fg-error px-6 py-2">
            {(error as Error).message}
          </Text>
        )}
        <DataTable.Table
          emptyState={{
            empty: {
              heading: "No decisions yet",
              description: "Every recommendation the storefront serves is logged here, with the rewards it earned.",
            },
            filtered: { heading: "No decisions match", description: "Change or clear the filters." },
          }}
        />
        <DataTable.Pagination />
      </DataTable>
    </div>
  )
}
