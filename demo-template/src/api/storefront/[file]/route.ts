import { readFileSync } from "fs"
import path from "path"
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"

const FILES: Record<string, string> = { "app.js": "application/javascript; charset=utf-8" }

/** Static files of the demo shop's bundle (a fixed list: no path from the request reaches the disk). */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const type = FILES[req.params.file]
  if (!type) throw new MedusaError(MedusaError.Types.NOT_FOUND, `No file ${req.params.file}`)
  res.setHeader("content-type", type)
  res.send(readFileSync(path.join(process.cwd(), ".storefront", req.params.file)))
}
