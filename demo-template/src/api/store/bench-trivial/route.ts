import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"

/**
 * The cheapest custom store route there is: the reference `npm run bench:api`
 * measures the plugin's route against (same server, same middleware stack —
 * publishable key, CORS, auth — and no work).
 */
export const GET = async (_req: MedusaRequest, res: MedusaResponse) => {
  res.json({ ok: true })
}
