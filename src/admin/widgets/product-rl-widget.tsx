import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminProduct, DetailWidgetProps } from "@medusajs/framework/types"
import { Container, Heading, Table, Text } from "@medusajs/ui"
import { useRlProduct } from "../hooks/insights"
import { useStoreCurrency } from "../hooks/store-currency"
import { STRATEGY_LABELS, formatDateTime, formatInt, formatMoney } from "../lib/format"

/** On a product's page: how often the agent recommended it, by which strategy, and what that earned. */
const ProductRlWidget = ({ data: product }: DetailWidgetProps<AdminProduct>) => {
  const { data, isLoading, isError, error } = useRlProduct(product.id)
  const { currency, multiple } = useStoreCurrency()
  const p = data?.product
  return (
    <Container className="divide-y p-0" data-testid="rl-product-widget">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">AI Recommendations</Heading>
      </div>
      {isLoading && <Text size="small" className="px-6 py-4">Loading…</Text>}
      {isError && <Text size="small" className="text-ui-fg-error px-6 py-4">{(error as Error).message}</Text>}
      {p && p.times_recommended === 0 && (
        <Text size="small" className="text-ui-fg-subtle px-6 py-4">
          Not recommended yet. Products are recommended when they are published, priced and in stock.
        </Text>
      )}
      {p && p.times_recommended > 0 && (
        <div className="flex flex-col gap-y-3 px-6 py-4">
          <Text size="small" data-testid="rl-product-summary">
            Recommended {formatInt(p.times_recommended)} times (last {formatDateTime(p.last_recommended_at)}): {formatInt(p.engagements)}{" "}
            engagements, {formatInt(p.conversions)} orders, {formatMoney(p.revenue, currency)}{multiple ? " (all currencies added)" : ""}.
          </Text>
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Strategy</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Shown</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Engaged</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Orders</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Revenue</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {p.by_strategy.map((r) => (
                <Table.Row key={r.strategy}>
                  <Table.Cell>{STRATEGY_LABELS[r.strategy] ?? r.strategy}</Table.Cell>
                  <Table.Cell className="text-right">{formatInt(r.times_recommended)}</Table.Cell>
                  <Table.Cell className="text-right">{formatInt(r.engagements)}</Table.Cell>
                  <Table.Cell className="text-right">{formatInt(r.conversions)}</Table.Cell>
                  <Table.Cell className="text-right">{formatMoney(r.revenue, currency)}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
    </Container>
  )
}

export const config = defineWidgetConfig({ zone: "product.details.after" })

export default ProductRlWidget
