import { Module } from "@medusajs/framework/utils"
import rewardPipelineLoader from "./loaders/reward-pipeline"
import validateOptionsLoader from "./loaders/validate-options"
import RlAgentModuleService from "./service"

export const RL_AGENT_MODULE = "rlAgent"

export default Module(RL_AGENT_MODULE, {
  service: RlAgentModuleService,
  // options first: the pipeline and the services read the resolved options from the container
  loaders: [validateOptionsLoader, rewardPipelineLoader],
})

export { RlAgentModuleService }
export * from "./types"
