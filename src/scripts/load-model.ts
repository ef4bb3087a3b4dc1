import { existsSync, readFileSync } from "fs"
import path from "path"
import type { ExecArgs } from "@medusajs/framework/types"
import { RL_AGENT_MODULE } from "../modules/rl-agent"
import type RlAgentModuleService from "../modules/rl-agent/service"

/**
 * In a store:       npx rl-recommendations load-model [--candidate] [model.json] [evaluation.json]
 * In this repository: npm run load:model [-- --candidate]
 *
 * With --candidate the model is stored as a snapshot and not served: a
 * candidate to run in shadow or as an experiment's model arm, promoted only
 * when its off-policy value beats the serving policy's (docs/experiments.md).
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
  const rl = container.resolve<RlAgentModuleService>(RL_AGENT_MODULE)
  if (args.includes("--candidate")) {
    const epsilon = Number(model.epsilon)
    const snapshot = await rl.importCandidate({
      label: `candidate: ${path.basename(modelPath)}`,
      state_model: model.state_model,
      epsilon: Number.isFinite(epsilon) ? epsilon : null,
      rows: model.rows,
    })
    console.log(
      `Stored ${snapshot.entries} Q values (${snapshot.states} states) as snapshot ${snapshot.id}, not served. ` +
        `Run it in shadow (Experiments → Run a candidate in shadow, or POST /admin/rl/shadows { "name": "…", "snapshot_id": "${snapshot.id}" }).`
    )
    return
  }
  const report = reportPath ? JSON.parse(readFileSync(reportPath, "utf8")) : null
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
