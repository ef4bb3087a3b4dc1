import type { AuthenticatedMedusaRequest } from "@medusajs/framework/http"

/** The authenticated customer's id, or null for a guest. Never read from the body. */
export function customerIdOf(req: AuthenticatedMedusaRequest<any>): string | null {
  const auth = req.auth_context
  return auth?.actor_type === "customer" && auth.actor_id ? auth.actor_id : null
}
