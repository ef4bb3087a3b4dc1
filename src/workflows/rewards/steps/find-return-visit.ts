import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"
import type { ApplyRewardInput } from "../../../modules/rl-agent/service"

/**
 * A customer starts a cart: if their previous visit (a decision on another
 * cart) was within the retention window but before this visit's attribution
 * window, that decision earns retention now — the same reward the delayed
 * check would give, so whichever comes first counts, once.
 */
export const findReturnVisitStep = createStep(
  "rl-find-return-visit",
  async (
    input: { customer_id: string | null; cart_id: string; cart_created_at: string | null; attribution_ms: number; retention_ms: number },
    { container }
  ) => {
    if (!input.customer_id || !input.cart_created_at) return new StepResponse([] as ApplyRewardInput[])
    const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
    const created = new Date(input.cart_created_at).getTime()
    const previous = await rl.findRetentionDecision(
      input.customer_id,
      input.cart_id,
      new Date(created - input.retention_ms),
      new Date(created - input.attribution_ms)
    )
    const intents: ApplyRewardInput[] = previous
      ? [{ decision_id: previous.id, kind: "retention", source_event_id: "retention", terminal: true }]
      : []
    return new StepResponse(intents)
  }
)
