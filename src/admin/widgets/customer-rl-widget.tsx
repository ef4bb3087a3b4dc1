import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Container, Heading, Table, Text } from "@medusajs/ui"
import { useRlCustomer } from "../hooks/insights"
import { useStoreCurrency } from "../hooks/store-currency"
import { STRATEGY_LABELS, formatDateTime, formatInt, formatMoney, formatNum, formatPct } from "../lib/format"

/** On a customer's page: how the agent sees them, and what it last recommended. */
const CustomerRlWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const { data, isLoading, isError, error } = useRlCustomer(customer.id)
  const { currency, multiple } = useStoreCurrency()
  const c = data?.customer
  return (
    <Container className="divide-y p-0" data-testid="rl-customer-widget">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">AI Recommendations</Heading>
        {c && <Badge size="2xsmall">{c.features.segment}</Badge>}
      </div>
      {isLoading && <Text size="small" className="px-6 py-4">Loading…</Text>}
      {isError && <Text size="small" className="text-ui-fg-error px-6 py-4">{(error as Error).message}</Text>}
      {c && (
        <>
          <div className="grid grid-cols-2 gap-3 px-6 py-4 text-sm">
            <Text size="small" className="text-ui-fg-subtle">Orders</Text>
            <Text size="small">{formatInt(c.profile?.orders ?? 0)}</Text>
            <Text size="small" className="text-ui-fg-subtle">Revenue</Text>
            <Text size="small">{formatMoney(c.profile?.revenue ?? 0, currency)}{multiple ? " (all currencies added)" : ""}</Text>
            <Text size="small" className="text-ui-fg-subtle">Last purchase</Text>
            <Text size="small">{formatDateTime(c.profile?.last_purchased_at)}</Text>
            <Text size="small" className="text-ui-fg-subtle">Price sensitivity</Text>
            <Text size="small" data-testid="rl-customer-price-sensitivity">{formatPct(c.features.price_sensitivity, 0)} of units in the low price band</Text>
            <Text size="small" className="text-ui-fg-subtle">Engagement</Text>
            <Text size="small">{formatNum(c.features.engagement_level, 2)}</Text>
          </div>
          <div className="px-6 py-4">
            <Text size="small" weight="plus" className="mb-2">
              Last recommendations ({formatInt(c.decision_count)} in all)
            </Text>
            {c.decisions.length === 0 ? (
              <Text size="small" className="text-ui-fg-subtle">
                None yet: this customer has not been shown recommendations while signed in.
              </Text>
            ) : (
              <Table>
                <Table.Body>
                  {c.decisions.map((d) => (
                    <Table.Row key={d.id}>
                      <Table.Cell>{formatDateTime(d.created_at)}</Table.Cell>
                      <Table.Cell>{STRATEGY_LABELS[d.strategy] ?? d.strategy}</Table.Cell>
                      <Table.Cell>{d.rewards.filter((r) => r.kind !== "view").map((r) => r.kind).join(", ") || "–"}</Table.Cell>
                      <Table.Cell className="text-right">{formatNum(d.reward_sum, 2)}</Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            )}
          </div>
        </>
      )}
    </Container>
  )
}

export const config = defineWidgetConfig({ zone: "customer.details.after" })

export default CustomerRlWidget
