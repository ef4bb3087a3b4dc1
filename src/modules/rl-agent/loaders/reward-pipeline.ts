import type { InternalModuleDeclaration, LoaderOptions, Logger } from "@medusajs/framework/types"
import { asValue } from "@medusajs/framework/awilix"
import { abandonmentJobId } from "../queue/job-workflows"
import { RewardPipeline } from "../queue/reward-pipeline"
import { workflowJobRunner } from "../queue/run-job-workflow"
import { countOutboxSql, relayOutboxSql, storeInOutboxSql } from "../repositories/outbox"
import { sqlOrShared } from "../repositories/sql"
import type { LearningService } from "../services/learning"
import type { MaintenanceService } from "../services/maintenance"
import type { RlResolvedOptions } from "../types"

/**
 * Creates the reward pipeline (BullMQ lanes, outbox relay, micro-batcher,
 * fail-fast Redis; connections open on first use) and registers it in the
 * module's container as `rlRewardPipeline`, as Medusa's event-bus-redis
 * creates its queue in a loader. The main service starts and stops it.
 */
export default async function rewardPipelineLoader(
  { container }: LoaderOptions,
  moduleDeclaration?: InternalModuleDeclaration
) {
  const options = container.resolve<RlResolvedOptions>("rlOptions")
  const baseRepository = container.resolve<any>("baseRepository")
  // the outbox's statements need no unit of work: the shared connection
  const sql = () => sqlOrShared({}, baseRepository)
  const maintenance = () => container.resolve<MaintenanceService>("maintenanceService")
  const pipeline: RewardPipeline = new RewardPipeline(
    options,
    // Medusa runs subscribers and jobs in `shared` and `worker` processes only
    moduleDeclaration?.worker_mode !== "server",
    {
      store: (job, error) => storeInOutboxSql(sql(), job, error),
      relay: (enqueue, batchSize) => relayOutboxSql(sql(), enqueue, batchSize),
      count: () => countOutboxSql(sql()),
    },
    {
      applyRewards: async (inputs) => {
        const learning = container.resolve<LearningService>("learningService")
        const results = await learning.applyRewardBatch(inputs)
        learning.logAppliedRewards(inputs, results)
        return results
      },
      runJob: workflowJobRunner({
        // the run records the failure (the admin's import panel shows it); a bad file is not retried
        import: (data, error) => (data?.run_id ? maintenance().failImportRun(data.run_id, error) : Promise.reject(error)),
      }),
      // the checks go through enqueue like any job: to the outbox while Redis is away
      sweepAbandonments: () =>
        maintenance().sweepAbandonments(async (ids) => {
          await Promise.all(ids.map((id) => pipeline.enqueue("abandonment-check", { decision_id: id }, { jobId: abandonmentJobId(id) })))
        }),
    },
    container.resolve<Logger>("logger")
  )
  container.register({ rlRewardPipeline: asValue(pipeline) })
}
