#!/usr/bin/env node
/**
 * Store-side commands of medusa-plugin-rl-recommendations, run from the root
 * of a Medusa store that has the plugin installed:
 *
 *   npx rl-recommendations import <Online Retail .xlsx/.csv/.csv.gz/.parquet> [--price-in eur=1.17 ...]
 *   npx rl-recommendations load-model [model.json] [evaluation.json]
 *
 * Each runs the plugin's compiled script through the store's own
 * `medusa exec`, so it uses the store's medusa-config, database and modules.
 * `load-model` without arguments loads the model trained on Online Retail
 * that ships with the package.
 */
"use strict"
const { spawnSync } = require("child_process")
const { existsSync } = require("fs")
const path = require("path")

const PKG_ROOT = path.resolve(__dirname, "..")
const SCRIPTS = path.join(PKG_ROOT, ".medusa", "server", "src", "scripts")
const COMMANDS = {
  import: {
    script: "import-online-retail.js",
    usage: "import <path to the Online Retail file> [--price-in <currency>=<rate per £> ...]",
    needsArgs: true,
  },
  "load-model": { script: "load-model.js", usage: "load-model [model.json] [evaluation.json]", needsArgs: false },
}

function usage(code) {
  const lines = Object.values(COMMANDS).map((c) => `  npx rl-recommendations ${c.usage}`)
  ;(code ? console.error : console.log)(
    `Usage (from your Medusa store's root folder):\n${lines.join("\n")}\n\n` +
      "load-model without arguments loads the pre-trained model shipped with the plugin."
  )
  process.exit(code)
}

const [command, ...args] = process.argv.slice(2)
if (!command || command === "--help" || command === "-h") usage(command ? 0 : 1)
const spec = COMMANDS[command]
if (!spec) {
  console.error(`Unknown command "${command}".`)
  usage(1)
}
if (spec.needsArgs && !args.length) {
  console.error(`Missing argument: npx rl-recommendations ${spec.usage}`)
  process.exit(1)
}
const script = path.join(SCRIPTS, spec.script)
if (!existsSync(script)) {
  console.error(`${script} is missing: the plugin is not built (reinstall it from a packed tarball or the registry).`)
  process.exit(1)
}
let cli
try {
  // the store's own Medusa CLI, not one the plugin might carry
  cli = require.resolve("@medusajs/cli/cli.js", { paths: [process.cwd()] })
} catch {
  console.error(`No @medusajs/cli under ${process.cwd()}: run this from the root of your Medusa store.`)
  process.exit(1)
}
// `medusa exec` forwards positional arguments only: flags travel as `name:value` tokens;
// files are resolved from where the user typed them
const resolved = []
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--price-in") resolved.push(`price-in:${args[++i] ?? ""}`)
  else if (args[i].startsWith("--price-in=")) resolved.push(`price-in:${args[i].slice("--price-in=".length)}`)
  else resolved.push(existsSync(args[i]) ? path.resolve(args[i]) : args[i])
}
const result = spawnSync(process.execPath, [cli, "exec", script, ...resolved], { stdio: "inherit", env: process.env })
process.exit(result.status ?? 1)
