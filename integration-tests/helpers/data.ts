import { existsSync } from "fs"
import path from "path"

/**
 * The Online Retail data set, read from ../shared/data beside the repository
 * (never copied into it), or from RL_DATA_DIR.
 */
export const DATA_DIR = process.env.RL_DATA_DIR ?? path.resolve(__dirname, "../../../shared/data")

export function dataFile(name: string): string {
  const file = path.join(DATA_DIR, name)
  if (!existsSync(file)) {
    throw new Error(`${file} not found: the tests read the data set from ../shared/data beside the repository, or set RL_DATA_DIR`)
  }
  return file
}
