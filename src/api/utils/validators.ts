import { z } from "@medusajs/framework/zod"

/**
 * A trimmed, bounded string Postgres can store: a NUL character is refused
 * here with a 400 naming the field, rather than by the database with a 500.
 */
export const safeString = (field: string, max = 200) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !s.includes("\u0000"), { message: `${field} must not contain NUL characters` })
