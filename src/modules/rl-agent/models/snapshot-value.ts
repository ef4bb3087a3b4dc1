import { model } from "@medusajs/framework/utils"
import { STRATEGIES } from "../../../learning/strategies"
import RlSnapshot from "./snapshot"

/** One Q cell as it was when the snapshot was taken (copied set-wise, in SQL). */
const RlSnapshotValue = model
  .define("rl_snapshot_value", {
    id: model.id({ prefix: "rlsv" }).primaryKey(),
    state_key: model.text(),
    strategy: model.enum([...STRATEGIES]),
    value: model.float(),
    visits: model.number().default(0),
    last_visited_at: model.dateTime().nullable(),
    snapshot: model.belongsTo(() => RlSnapshot, { mappedBy: "values" }),
  })

export default RlSnapshotValue
