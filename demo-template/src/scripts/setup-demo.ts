import { existsSync, readFileSync, writeFileSync } from "fs"
import path from "path"
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createShippingOptionsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
} from "@medusajs/medusa/core-flows"
import { runOnlineRetailImport } from "medusa-plugin-rl-recommendations/workflows"

const KEY_TITLE = "RL demo storefront"

/**
 * medusa exec ./src/scripts/setup-demo.ts <data file> [model.json] [evaluation.json]
 *
 * Everything the demo store needs, each part skipped when it is already
 * there: the Online Retail import (catalogue, customers, history, statistics),
 * a shipping option for the UK, a publishable key on the sales channel, and
 * the pre-trained model with its evaluation report. Writes .demo.json.
 */
export default async function setupDemo({ container, args }: ExecArgs) {
  const [dataFile, modelFile, reportFile] = args.filter((a) => !a.startsWith("--"))
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const rl: any = container.resolve("rlAgent")

  const done = await rl.listRlImportRuns({ status: "completed", file_name: path.basename(dataFile) })
  if (done.length) {
    logger.info(`demo: ${path.basename(dataFile)} already imported (run ${done[0].id}); skipping the import`)
  } else {
    logger.info(`demo: importing ${dataFile} (about 1.5 min for the full data set)…`)
    // progress every 5 s: a long import with no output looks like a hang, and a failure shows where it stopped
    let runId: string | null = null
    const progress = setInterval(async () => {
      if (!runId) return
      const [run] = await rl.listRlImportRuns({ id: runId }).catch(() => [])
      if (run) logger.info(`demo: import ${run.phase} ${run.processed}/${run.total || "?"}`)
    }, 5000)
    const result = await runOnlineRetailImport(container, dataFile, { onRun: (id: string) => (runId = id) }).finally(() =>
      clearInterval(progress)
    )
    logger.info(`demo: imported ${result.products} products, ${result.customers} customers, ${result.purchase_lines} history lines`)
  }

  const { data: [store] } = await query.graph({ entity: "store", fields: ["id", "default_region_id", "default_sales_channel_id"] })
  const { data: regions } = await query.graph({ entity: "region", fields: ["id", "currency_code"] })
  const region = regions.find((r: any) => r.currency_code === "gbp")!
  const { data: channels } = await query.graph({ entity: "sales_channel", fields: ["id", "stock_locations.id"] })
  const channel: any = channels.find((c: any) => c.id === store.default_sales_channel_id) ?? channels[0]
  const locationId = channel.stock_locations[0].id

  // shipping: one flat-rate option for the UK, served from the import's stock location
  const { data: options } = await query.graph({ entity: "shipping_option", fields: ["id"] })
  if (!options.length) {
    const fulfillment = container.resolve(Modules.FULFILLMENT)
    const [profile] = await fulfillment.listShippingProfiles({ type: "default" })
    const set = await fulfillment.createFulfillmentSets({
      name: "UK delivery",
      type: "shipping",
      service_zones: [{ name: "UK", geo_zones: [{ country_code: "gb", type: "country" }] }],
    })
    const link = container.resolve(ContainerRegistrationKeys.LINK)
    await link.create([
      { [Modules.STOCK_LOCATION]: { stock_location_id: locationId }, [Modules.FULFILLMENT]: { fulfillment_set_id: set.id } },
      { [Modules.STOCK_LOCATION]: { stock_location_id: locationId }, [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" } },
    ])
    await createShippingOptionsWorkflow(container).run({
      input: [
        {
          name: "Standard delivery",
          price_type: "flat",
          provider_id: "manual_manual",
          service_zone_id: set.service_zones[0].id,
          shipping_profile_id: profile.id,
          type: { label: "Standard", description: "2-3 days", code: "standard" },
          prices: [{ currency_code: "gbp", amount: 4.95 }, { region_id: region.id, amount: 4.95 }],
          rules: [
            { attribute: "enabled_in_store", value: "true", operator: "eq" },
            { attribute: "is_return", value: "false", operator: "eq" },
          ],
        },
      ],
    })
    logger.info("demo: created the UK shipping option")
  }

  // publishable key on the sales channel
  const { data: keys } = await query.graph({ entity: "api_key", fields: ["id", "token", "title", "type"] })
  let key: any = keys.find((k: any) => k.type === "publishable" && k.title === KEY_TITLE)
  if (!key) {
    const { result } = await createApiKeysWorkflow(container).run({
      input: { api_keys: [{ title: KEY_TITLE, type: "publishable", created_by: "demo" }] },
    })
    key = result[0]
    await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: key.id, add: [channel.id] } })
    logger.info("demo: created the storefront's publishable key")
  }

  // the pre-trained model and its report (once)
  const evaluations = await rl.listRlEvaluations({}, { take: 1 })
  if (!evaluations.length && modelFile && existsSync(modelFile)) {
    const model = JSON.parse(readFileSync(modelFile, "utf8"))
    const report = reportFile && existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, "utf8")) : null
    // with its training's convergence days (the Overview's Convergence chart)
    const convergence = Array.isArray(model.convergence) ? model.convergence : []
    const loaded = await rl.loadModel({ state_model: model.state_model, rows: model.rows, report, convergence })
    logger.info(
      `demo: loaded the pre-trained model as version ${loaded.model_version} (${loaded.entries} Q values, ${loaded.convergence_days} days of training convergence)`
    )
  }

  writeFileSync(
    path.join(process.cwd(), ".demo.json"),
    JSON.stringify({ publishableKey: key.token, regionId: region.id, salesChannelId: channel.id }, null, 2) + "\n"
  )
}
