import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import type { ApplyRewardInput } from "../../../modules/rl-agent/service"

/**
 * End of the retention window after an episode: did the customer start
 * another cart in it (after the attribution window, so the cart a storefront
 * opens right after checkout does not count)? Then +0.3 retention.
 */
export const checkRetentionStep = createStep(
  "rl-check-retention-step",
  async (
    input: { decision_id: string; customer_id: string; cart_id: string; ended_at: string; attribution_ms: number; retention_ms: number },
    { container }
  ) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const endedAt = new Date(input.ended_at).getTime()
    const { data } = await query.graph({
      entity: "cart",
      fields: ["id", "created_at"],
      filters: {
        customer_id: input.customer_id,
        created_at: {
          $gt: new Date(endedAt + input.attribution_ms),
          $lte: new Date(endedAt + input.retention_ms),
        },
      },
    })
    const returned = data.some((c: any) => c.id !== input.cart_id)
    const intents: ApplyRewardInput[] = returned
      ? [{ decision_id: input.decision_id, kind: "retention", source_event_id: "retention", terminal: true }]
      : []
    return new StepResponse(intents)
  }
)
