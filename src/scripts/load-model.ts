import { readFileSync } from "fs"
import type { ExecArgs } from "@medusajs/framework/types"
import { RL_AGENT_MODULE } from "../modules/rl-agent"
import type RlAgentModuleService from "../modules/rl-agent/service"

/**
 * npx medusa exec ./src/scripts/load-model.ts reports/model.json [reports/evaluation.json]
 *
 * Starts a new model version from the agent `npm run evaluate` trained on
 * Online Retail (the current Q-table is snapshotted first, so it can be
 * restored), and stores the evaluation report the admin shows.
 */
export default async function loadModel({ container, args }: ExecArgs) {
  const [modelPath, reportPath] = args.filter((a) => !a.startsWith("--"))
  if (!modelPath) {
    throw new Error("Usage: npx medusa exec ./src/scripts/load-model.ts <model.json> [evaluation.json]")
  }
  const model = JSON.parse(readFileSync(modelPath, "utf8"))
  if (!model?.state_model?.edges || !Array.isArray(model.rows)) {
    throw new Error(`${modelPath} is not a model written by npm run evaluate (needs state_model and rows)`)
  }
  const report = reportPath ? JSON.parse(readFileSync(reportPath, "utf8")) : null
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const result = await rl.loadModel({ state_model: model.state_model, rows: model.rows, report })
  console.log(
    `Loaded ${result.entries} Q values as model version ${result.model_version} ` +
      `(previous table snapshotted as ${result.snapshot_id}${result.evaluation_id ? `; report stored as ${result.evaluation_id}` : ""})`
  )
}
