import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { RL_AGENT_MODULE } from "../../modules/rl-agent"
import type { RateLimitedRoute } from "../../modules/rl-agent/queue/rate-limiter"
import type RlAgentModuleService from "../../modules/rl-agent/service"
import { clientAddress } from "./client-address"
import { customerIdOf } from "./customer"

const WHAT: Record<RateLimitedRoute, string> = {
  recommendations: "recommendation requests",
  feedback: "feedback calls",
}

/**
 * Counts the request against its client's limit (the signed-in customer, or
 * the address: see `clientAddress`) and answers 429 with Retry-After beyond it. Runs before
 * validation, so a flood of malformed requests is limited too.
 */
export function rateLimit(route: RateLimitedRoute) {
  return async (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    const rl = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
    const config = rl.getOptions().rateLimit
    if (!config) return next()
    const customerId = config.keyBy === "customer_or_ip" ? customerIdOf(req as any) : null
    const client = customerId ? `customer:${customerId}` : `ip:${clientAddress(req as any, config.trustedProxies)}`
    const result = await rl.consumeRateLimit(route, client)
    if (!result) return next()
    res.setHeader("RateLimit-Limit", String(result.limit))
    res.setHeader("RateLimit-Remaining", String(result.remaining))
    res.setHeader("RateLimit-Reset", String(result.resetSeconds))
    if (result.allowed) return next()
    res.setHeader("Retry-After", String(result.resetSeconds))
    res.status(429).json({
      type: "too_many_requests",
      message: `Too many ${WHAT[route]}: at most ${result.limit} per ${config.windowSeconds} s for each ${
        customerId ? "customer" : "client address"
      }. Retry after ${result.resetSeconds} s.`,
    })
  }
}
