import { model } from "@medusajs/framework/utils"

/**
 * One run of the Online Retail import: what the CLI's progress bar and the
 * admin poll. Counts are cumulative per phase, so a resumed run shows the
 * final totals, not just what it added.
 */
const RlImportRun = model
  .define("rl_import_run", {
    id: model.id({ prefix: "rlimp" }).primaryKey(),
    file_name: model.text(),
    status: model.enum(["running", "completed", "failed"]).default("running"),
    // validate, setup, categories, products, customers, purchases, statistics, done
    phase: model.text().default("validate"),
    processed: model.number().default(0),
    total: model.number().default(0),
    // lines, skipped by reason (with first line numbers), products, customers, purchases …
    summary: model.json().nullable(),
    error: model.text().nullable(),
    finished_at: model.dateTime().nullable(),
  })
  .indexes([{ on: ["created_at"] }])

export default RlImportRun
