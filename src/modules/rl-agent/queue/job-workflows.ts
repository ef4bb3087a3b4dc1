import type { RewardJobName } from "./reward-queue"

/**
 * Jobs that need carts and orders run as workflows (which get Query); the
 * module's worker starts them by id through the workflow engine, so the
 * module does not import the workflows that import it. Every job kind but
 * `reward` (applied by the worker itself) must name one; a test checks each
 * id against the workflows the plugin registers.
 */
export const REWARD_JOB_WORKFLOWS: Record<Exclude<RewardJobName, "reward">, string> = {
  "cart-started": "rl-process-cart-started",
  "cart-updated": "rl-process-cart-updated",
  "order-placed": "rl-process-order-placed",
  "order-canceled": "rl-process-order-canceled",
  "return-received": "rl-process-return-received",
  "customer-deleted": "rl-erase-customer",
  "abandonment-check": "rl-check-abandonment",
  "retention-check": "rl-check-retention",
  import: "rl-import-online-retail",
}

/** Medusa event → reward job. */
export const EVENT_JOBS: Record<string, RewardJobName> = {
  "cart.created": "cart-started",
  "cart.customer_transferred": "cart-started",
  "cart.updated": "cart-updated",
  "order.placed": "order-placed",
  "order.canceled": "order-canceled",
  "order.return_received": "return-received",
  "customer.deleted": "customer-deleted",
}

/**
 * A job id per event emission: the emitting workflow's transaction id
 * (eventGroupId) or the emit time, both carried unchanged by a redelivery,
 * so a repeated event is one job. BullMQ ids may not contain ':'.
 */
export function eventJobId(event: {
  name: string
  data: Record<string, unknown>
  metadata?: Record<string, unknown>
}): string {
  const subject = String(event.data.id ?? event.data.order_id ?? "")
  const createdAt = event.metadata?.created_at
  const emission =
    (event.metadata?.eventGroupId as string | undefined) ??
    (createdAt ? new Date(createdAt as string).getTime().toString() : "once")
  const extra = event.data.return_id ? `|${event.data.return_id}` : ""
  return `${event.name}|${subject}${extra}|${emission}`.replace(/:/g, "_")
}

/**
 * A decision's one abandonment check: the sweep and the checks scheduled at
 * serve time by earlier versions share it, so a decision is checked once.
 */
export function abandonmentJobId(decisionId: string): string {
  return `abandon|${decisionId}`
}
