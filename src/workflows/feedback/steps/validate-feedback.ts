import { MedusaError } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { RL_AGENT_MODULE } from "../../../modules/rl-agent"
import type RlAgentModuleService from "../../../modules/rl-agent/service"
import type { FeedbackType } from "../../../learning/reward"

/** What a feedback token opens: the signals a storefront sees. A cart's own events credit the rest. */
export const TOKEN_FEEDBACK_TYPES: readonly FeedbackType[] = ["view", "click", "dismiss"]

export type ValidateFeedbackInput = {
  decision_id: string
  type: FeedbackType
  /** The recommendation's feedback_token: proves it was served to the sender. */
  token?: string
  product_id?: string
  /** The cart the storefront holds: proves the decision was served to it. */
  cart_id?: string
  /** The authenticated customer, if any. */
  customer_id?: string | null
}

/**
 * Feedback counts only for a decision served to the same cart or customer,
 * or (view, click, dismiss) sent with its feedback token; any other decision
 * is reported as missing, so ids cannot be probed.
 */
export const validateFeedbackStep = createStep(
  "rl-validate-feedback",
  async (input: ValidateFeedbackInput, { container }) => {
    const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
    const [decision] = await rl.listRlDecisions(
      { id: input.decision_id },
      { select: ["id", "cart_id", "customer_hash", "product_ids"], take: 1 }
    )
    const sameCart = !!decision?.cart_id && decision.cart_id === input.cart_id
    const customerHash = rl.hashCustomerId(input.customer_id)
    const sameCustomer = !!decision?.customer_hash && decision.customer_hash === customerHash
    const signed = TOKEN_FEEDBACK_TYPES.includes(input.type) && rl.verifyFeedbackToken(input.decision_id, input.token)
    if (!decision || !(sameCart || sameCustomer || signed)) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `Recommendation ${input.decision_id} was not found for this shopper: send its feedback_token as token (view, click, dismiss), the cart_id it was served for, or authenticate as the customer it was served to`
      )
    }
    if (input.product_id && !(decision.product_ids as string[]).includes(input.product_id)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `product_id ${input.product_id} was not part of recommendation ${input.decision_id}`
      )
    }
    // the dismissal rule needs to know whether the decision already earned its engagement
    const engaged = await rl.listRlRewards({ decision_id: decision.id, kind: "engagement" }, { select: ["id"], take: 1 })
    return new StepResponse({ decision_id: decision.id, engaged: engaged.length > 0 })
  }
)
