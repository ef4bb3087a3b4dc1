import { existsSync, readFileSync } from "fs"
import path from "path"
import type { ExecArgs } from "@medusajs/framework/types"
import { RL_AGENT_MODULE } from "../modules/rl-agent"
import type RlAgentModuleService from "../modules/rl-agent/service"

/**
 * In a store:       npx rl-recommendations load-model [model.json] [evaluation.json]
 * In this repository: npm run load:model
 *
 * Without arguments it loads the model trained on Online Retail and its
 * report, as shipped in the package's `reports/`. Starts a new model version from the agent `npm run evaluate` trained on
 * Online Retail (the current Q-table is snapshotted first, so it can be
 * restored), and stores the evaluation report the admin shows.
 */
export default async function loadModel({ container, args }: ExecArgs) {
  const given = args.filter((a) => !a.startsWith("--"))
  const bundled = given.length ? null : bundledReports()
  const [modelPath, reportPath] = bundled ?? given
  if (!modelPath) {
    throw new Error("Usage: npx rl-recommendations load-model [model.json] [evaluation.json]")
  }
  const model = JSON.parse(readFileSync(modelPath, "utf8"))
  if (!model?.state_model?.edges || !Array.isArray(model.rows)) {
    throw new Error(`${modelPath} is not a model written by npm run evaluate (needs state_model and rows)`)
  }
  const report = reportPath ? JSON.parse(readFileSync(reportPath, "utf8")) : null
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  const convergence = Array.isArray(model.convergence) ? model.convergence : []
  const result = await rl.loadModel({ state_model: model.state_model, rows: model.rows, report, convergence })
  console.log(
    `Loaded ${result.entries} Q values as model version ${result.model_version} ` +
      `(previous table snapshotted as ${result.snapshot_id}${result.evaluation_id ? `; report stored as ${result.evaluation_id}` : ""}` +
      `${result.convergence_days ? `; ${result.convergence_days} days of training convergence` : ""})`
  )
}

/** The package's own reports/ folder, found upwards from this file (src/scripts or .medusa/server/src/scripts). */
function bundledReports(): [string, string] | null {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const model = path.join(dir, "reports", "model.json")
    if (existsSync(path.join(dir, "package.json")) && existsSync(model)) {
      return [model, path.join(dir, "reports", "evaluation.json")]
    }
  }
  return null
}
