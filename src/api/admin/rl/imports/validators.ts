import { z } from "@medusajs/framework/zod"

export type AdminListImportsType = z.infer<typeof AdminListImports>
export const AdminListImports = z.strictObject({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})

/** File names the importer can read. */
export const IMPORT_EXTENSIONS = [".xlsx", ".csv", ".csv.gz", ".parquet"]
