import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { demoConfig } from "./demo-config"

/** The demo shop's page: the bundle built from storefront/demo in the plugin's repository. */
export const GET = async (_req: MedusaRequest, res: MedusaResponse) => {
  const config = JSON.stringify(demoConfig()).replace(/</g, "\\u003c")
  res.setHeader("content-type", "text/html; charset=utf-8")
  res.send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Online Retail gift shop: RL recommendations demo</title></head>
<body><div id="root"></div>
<script>window.__RL_DEMO__ = ${config}</script>
<script src="/storefront/app.js"></script></body></html>`)
}
