import Foundation
import Logging
import ShardedJobs

extension ShardingContexts {
    /// The contexts a listener receives, for calling a `JobListener` directly in a unit test.
    ///
    /// ```swift
    /// try await Audit().afterJobExecuted(.testing(items: [0, 2], shardingTotalCount: 3, failedItems: [2]))
    /// ```
    ///
    /// One context per item, each as `ShardingContext.testing(…)` builds it (source
    /// `.normalTrigger`, fencing tokens rising from 1), all sharing the lease.
    ///
    /// - Parameters:
    ///   - jobName: the job's name.
    ///   - items: the items this instance runs in the execution (sorted and deduplicated).
    ///   - shardingTotalCount: the job's item count; by default the highest item plus one.
    ///   - shardingItemParameters: the items' parameters.
    ///   - jobParameter: the job's parameter.
    ///   - jobProperties: the job's `props`.
    ///   - scheduledFireTime: the fire; now by default.
    ///   - isManualTrigger: whether the execution is a manual trigger.
    ///   - failedItems: the items that failed, as the after-callbacks see them.
    ///   - instanceID: the instance's id; by default this process on `127.0.0.1`.
    ///   - lease: the lease every context checks.
    ///   - logger: the job's logger.
    public static func testing(
        jobName: String = "test-job",
        items: [Int] = [0],
        shardingTotalCount: Int? = nil,
        shardingItemParameters: [Int: String] = [:],
        jobParameter: String = "",
        jobProperties: [String: String] = [:],
        scheduledFireTime: Date = Date(),
        isManualTrigger: Bool = false,
        failedItems: Set<Int> = [],
        instanceID: String? = nil,
        lease: TestLease = TestLease(),
        logger: Logger = Logger(label: "ShardedJobsTesting")
    ) -> ShardingContexts {
        let items = Array(Set(items)).sorted()
        let total = shardingTotalCount ?? ((items.last ?? 0) + 1)
        var jobLogger = logger
        jobLogger[metadataKey: "job.name"] = "\(jobName)"
        let contexts = items.enumerated().map { index, item in
            ShardingContext.testing(
                jobName: jobName, shardingItem: item, shardingTotalCount: total,
                shardingParameter: shardingItemParameters[item], jobParameter: jobParameter, jobProperties: jobProperties,
                scheduledFireTime: scheduledFireTime,
                fencingToken: FencingToken(value: Int64(index) + 1, sessionID: lease.sessionID, epoch: 0), lease: lease,
                logger: logger)
        }
        return ShardingContexts(
            jobName: jobName, instanceID: instanceID ?? TestInstance.id, scheduledFireTime: scheduledFireTime,
            isManualTrigger: isManualTrigger, contexts: contexts, failedItems: failedItems, logger: jobLogger)
    }
}
