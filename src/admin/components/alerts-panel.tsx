import { Badge, Button, Table, Text, toast } from "@medusajs/ui"
import { describeAlert, formatAlertValue } from "../../monitoring/alerts"
import { useCheckAlerts, useRlAlerts } from "../hooks/alerts"
import { formatDateTime } from "../lib/format"
import type { RlAlert } from "../lib/types"
import { Section } from "./kpi-card"

const titleOf = (a: RlAlert) => describeAlert(a.kind, "raised", a.value, a.threshold).title

/**
 * The alerts: what fires now, with what crossed which threshold, then the
 * latest resolved. Each raise and resolve also reaches the admin's
 * notification bell (and any channel the store configured).
 */
export const AlertsPanel = () => {
  const { data } = useRlAlerts()
  const check = useCheckAlerts()
  const firing = data?.alerts.filter((a) => a.status === "firing") ?? []
  return (
    <Section
      title="Alerts"
      description={
        data && !data.enabled
          ? "Alerts are turned off (the plugin's alerts option)."
          : "Checked every minute against the thresholds in the plugin's options; raises and resolves also go to the notification bell."
      }
      testId="rl-alerts"
      actions={
        <Button
          size="small"
          variant="secondary"
          isLoading={check.isPending}
          onClick={() =>
            check.mutate(undefined, {
              onSuccess: (r) => {
                const changed = r.transitions.filter((t) => t.action === "raise" || t.action === "resolve")
                toast.success(changed.length ? `${changed.length} alert${changed.length === 1 ? "" : "s"} changed` : "Checked: nothing changed")
              },
              onError: (e) => toast.error(e.message),
            })
          }
          data-testid="rl-alerts-check"
        >
          Check now
        </Button>
      }
    >
      {data && firing.length === 0 && (
        <Text size="small" className="text-ui-fg-subtle" data-testid="rl-alerts-none">
          No alert is firing.
        </Text>
      )}
      {firing.map((a) => (
        <div key={a.id} className="flex items-start gap-x-3 rounded-lg border border-ui-border-error px-4 py-3" data-testid="rl-alert-firing">
          <Badge color="red" size="2xsmall">
            Firing
          </Badge>
          <div>
            <Text size="small" weight="plus">
              {titleOf(a)}
            </Text>
            <Text size="small" className="text-ui-fg-subtle">
              {describeAlert(a.kind, "raised", a.last_value ?? a.value, a.threshold).description}
            </Text>
            <Text size="xsmall" className="text-ui-fg-muted">
              Since {formatDateTime(a.raised_at)}
              {a.peak !== null && `, at worst ${formatAlertValue(a.kind, a.peak)}`}
              {a.detail && ` (${a.detail})`}
            </Text>
          </div>
        </div>
      ))}
      {data && data.alerts.some((a) => a.status === "resolved") && (
        <Table data-testid="rl-alerts-history">
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Alert</Table.HeaderCell>
              <Table.HeaderCell>At worst</Table.HeaderCell>
              <Table.HeaderCell>Raised</Table.HeaderCell>
              <Table.HeaderCell>Resolved</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {data.alerts
              .filter((a) => a.status === "resolved")
              .map((a) => (
                <Table.Row key={a.id}>
                  <Table.Cell>{titleOf(a)}</Table.Cell>
                  <Table.Cell>{formatAlertValue(a.kind, a.peak ?? a.value)}</Table.Cell>
                  <Table.Cell>{formatDateTime(a.raised_at)}</Table.Cell>
                  <Table.Cell>{formatDateTime(a.resolved_at)}</Table.Cell>
                </Table.Row>
              ))}
          </Table.Body>
        </Table>
      )}
    </Section>
  )
}
