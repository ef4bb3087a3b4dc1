import { Module } from "@medusajs/framework/utils"
import validateOptionsLoader from "./loaders/validate-options"
import RlAgentModuleService from "./service"

export const RL_AGENT_MODULE = "rlAgent"

export default Module(RL_AGENT_MODULE, {
  service: RlAgentModuleService,
  loaders: [validateOptionsLoader],
})

export { RlAgentModuleService }
export * from "./types"
