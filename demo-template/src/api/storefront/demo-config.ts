import { readFileSync } from "fs"
import path from "path"

/** What `npm run demo` set up (publishable key, region), read from demo/.demo.json. */
export function demoConfig(): { publishableKey: string; regionId: string } {
  return JSON.parse(readFileSync(path.join(process.cwd(), ".demo.json"), "utf8"))
}
