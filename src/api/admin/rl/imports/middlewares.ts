import { mkdirSync } from "fs"
import { randomUUID } from "crypto"
import multer from "multer"
import type { MedusaNextFunction, MedusaRequest, MedusaResponse, MiddlewareRoute } from "@medusajs/framework/http"
import { validateAndTransformQuery } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { RL_AGENT_MODULE } from "../../../../modules/rl-agent"
import type RlAgentModuleService from "../../../../modules/rl-agent/service"
import { AdminListImports, IMPORT_EXTENSIONS } from "./validators"

/**
 * Streams the uploaded file (multipart field `file`) to the import directory,
 * refusing other extensions and files over `maxImportFileMb`.
 */
function uploadImportFile(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const options = req.scope.resolve<RlAgentModuleService>(RL_AGENT_MODULE).getOptions()
  mkdirSync(options.importDir, { recursive: true })
  const upload = multer({
    storage: multer.diskStorage({
      destination: options.importDir,
      filename: (_req, file, cb) => {
        const ext = IMPORT_EXTENSIONS.find((e) => file.originalname.toLowerCase().endsWith(e)) ?? ""
        cb(null, `${Date.now()}-${randomUUID()}${ext}`)
      },
    }),
    limits: { fileSize: options.maxImportFileMb * 1024 * 1024, files: 1 },
    fileFilter: (_req, file, cb) => {
      if (IMPORT_EXTENSIONS.some((e) => file.originalname.toLowerCase().endsWith(e))) return cb(null, true)
      cb(
        new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `file must be the Online Retail data set as ${IMPORT_EXTENSIONS.join(", ")}; got ${file.originalname}`
        )
      )
    },
  }).single("file")
  upload(req as any, res as any, (err: unknown) => {
    if (err instanceof multer.MulterError) {
      return next(
        new MedusaError(
          MedusaError.Types.INVALID_DATA,
          err.code === "LIMIT_FILE_SIZE" ? `file is larger than ${options.maxImportFileMb} MB` : `file: ${err.message}`
        )
      )
    }
    if (err && !(err instanceof MedusaError)) {
      // busboy's parse errors ("Unexpected end of form", "Malformed part header", no boundary): the client's body, not us
      return next(
        new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `The multipart body is incomplete or malformed (${(err as Error).message}): send the file as multipart/form-data in the field "file"`
        )
      )
    }
    next(err as any)
  })
}

export const adminImportsMiddlewares: MiddlewareRoute[] = [
  {
    method: ["POST"],
    matcher: "/admin/rl/imports",
    bodyParser: false,
    middlewares: [uploadImportFile],
  },
  {
    method: ["GET"],
    matcher: "/admin/rl/imports",
    middlewares: [validateAndTransformQuery(AdminListImports, {})],
  },
]
