/**
 * Preloaded (NODE_OPTIONS=-r) into the demo store's processes by `npm run bench:profile`:
 * the first SIGUSR2 starts V8's CPU profiler in this process, the second writes
 * the profile to $RL_PROFILE_DIR/<pid>.cpuprofile. A process that never gets
 * the signal is untouched.
 */
const inspector = require("inspector")
const fs = require("fs")
const path = require("path")

let session = null
process.on("SIGUSR2", () => {
  if (!session) {
    session = new inspector.Session()
    session.connect()
    session.post("Profiler.enable", () => session.post("Profiler.setSamplingInterval", { interval: 200 }, () => session.post("Profiler.start")))
    return
  }
  const done = session
  session = null
  done.post("Profiler.stop", (err, result) => {
    const dir = process.env.RL_PROFILE_DIR || "."
    if (!err) fs.writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile))
    done.disconnect()
  })
})
