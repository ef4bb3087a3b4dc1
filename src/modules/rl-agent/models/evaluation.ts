import { model } from "@medusajs/framework/utils"

/**
 * An offline evaluation report (reports/evaluation.json of `npm run
 * evaluate`), stored when its model is loaded: what the admin dashboard shows.
 */
const RlEvaluation = model
  .define("rl_evaluation", {
    id: model.id({ prefix: "rleval" }).primaryKey(),
    // the model version trained by the run this report describes, if it was loaded
    model_version: model.number().nullable(),
    report: model.json(),
  })
  .indexes([{ on: ["created_at"] }])

export default RlEvaluation
