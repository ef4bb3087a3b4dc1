import type { INotificationModuleService, Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { describeAlert } from "../../../monitoring/alerts"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"
import type { AlertDelivery } from "../../../modules/rl-agent/types/shapes"

let warnedNoModule = false

/**
 * Hands each raise and resolve to the Notification Module, once per channel
 * in the `alerts.channels` option (the admin's feed by default: the bell),
 * then marks it delivered. The idempotency key makes a retry after a partial
 * failure, or two processes delivering at once, send nothing twice; what
 * failed stays undelivered for the next check (and the job's failure is logged).
 */
export const deliverAlertsStep = createStep("rl-deliver-alerts", async (deliveries: AlertDelivery[], { container }) => {
  if (!deliveries.length) return new StepResponse({ delivered: 0 })
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const channels = rl.getOptions().alerts?.channels ?? [{ channel: "feed", template: "admin-ui" }]
  let notifications: INotificationModuleService
  try {
    notifications = container.resolve<INotificationModuleService>(Modules.NOTIFICATION)
  } catch {
    if (!warnedNoModule) {
      container
        .resolve<Logger>(ContainerRegistrationKeys.LOGGER)
        .warn("rl-agent: the Notification Module is not registered: alerts are kept (admin → Recommendations → Health) but not notified")
      warnedNoModule = true
    }
    return new StepResponse({ delivered: 0 })
  }
  for (const d of deliveries) {
    const { title, description } = describeAlert(d.kind, d.phase, d.phase === "raised" ? d.value : d.last_value, d.threshold)
    for (const c of channels) {
      try {
        await notifications.createNotifications({
          to: c.to ?? "",
          channel: c.channel,
          template: c.template ?? "rl-alert",
          idempotency_key: `${d.id}:${d.phase}:${c.channel}`,
          data: {
            title,
            description,
            alert_id: d.id,
            kind: d.kind,
            status: d.phase,
            value: d.value,
            threshold: d.threshold,
            raised_at: new Date(d.raised_at).toISOString(),
            resolved_at: d.resolved_at ? new Date(d.resolved_at).toISOString() : null,
          },
        })
      } catch (e) {
        // another process's check delivered it a moment before: the key is taken, the notification is there
        if (!/idempotency_key.*already exists/.test((e as Error).message)) throw e
      }
    }
  }
  await rl.markAlertsDelivered(deliveries.map((d) => ({ id: d.id, phase: d.phase })))
  return new StepResponse({ delivered: deliveries.length })
})
