import { fork, type ChildProcess, type StdioOptions } from "child_process"
import path from "path"

/**
 * Starts a reward worker in a child process (see standalone-worker.ts) and
 * resolves once its queues are consuming.
 */
export function forkRewardWorker(args: {
  clientUrl: string
  schema?: string
  options: Record<string, unknown>
  stdio?: StdioOptions
}): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, "standalone-worker.ts"), [], {
      execArgv: ["-r", "ts-node/register/transpile-only"],
      env: {
        ...process.env,
        TS_NODE_TRANSPILE_ONLY: "true",
        TS_NODE_COMPILER_OPTIONS: JSON.stringify({ module: "commonjs" }),
        RL_WORKER_DB_URL: args.clientUrl,
        RL_WORKER_DB_SCHEMA: args.schema ?? "public",
        RL_WORKER_OPTIONS: JSON.stringify(args.options),
      },
      stdio: args.stdio ?? "inherit",
    })
    child.on("message", (m: any) => m?.ready && resolve(child))
    child.on("exit", (code) => code && reject(new Error(`reward worker exited with ${code}`)))
  })
}

/** Resolves when the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  return new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once("exit", () => r())))
}
