import { existsSync } from "fs"
import { MedusaError } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { WrongFileError } from "../../../data/online-retail/read"
import { loadImportPlan } from "../plan"
import { reportProgress } from "./progress"

export type ImportInput = {
  file_path: string
  run_id?: string
  /** Currency → rate per pound: price the products in these currencies too. */
  price_in?: Record<string, number>
}

/**
 * Reads and checks the whole file before anything is written: a file that is
 * not the data set stops here with a message saying what is missing.
 */
export const validateImportFileStep = createStep(
  "rl-validate-import-file",
  async (input: ImportInput, { container }) => {
    if (!existsSync(input.file_path)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `File not found: ${input.file_path}`)
    }
    await reportProgress(container, input.run_id, { phase: "validate" })
    try {
      const plan = await loadImportPlan(input.file_path, (p) => {
        void reportProgress(container, input.run_id, { processed: p.rows, total: p.totalRows ?? 0 })
      })
      if (!plan.summary.accepted) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, `${input.file_path}: no valid line in the file`)
      }
      await reportProgress(container, input.run_id, { summary: plan.summary as any })
      return new StepResponse(plan.summary)
    } catch (e) {
      if (e instanceof WrongFileError) throw new MedusaError(MedusaError.Types.INVALID_DATA, e.message)
      throw e
    }
  }
)
