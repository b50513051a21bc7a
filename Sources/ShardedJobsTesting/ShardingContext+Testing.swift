import Foundation
import Logging
import ShardedJobs

extension ShardingContext {
    /// A context for calling a job's item directly in a unit test: every field defaulted, the
    /// lease valid.
    ///
    /// ```swift
    /// try await RegionReport().execute(.testing(shardingItem: 1, shardingTotalCount: 3, shardingParameter: "eu"))
    /// ```
    ///
    /// The context is the one a scheduler builds, field for field: `taskID` in the core's
    /// format, a logger carrying `job.name`, `shard.item` and `task.id`, and the lease and
    /// signals of the given ``TestLease`` and ``TestSignals`` — keep them to revoke the lease
    /// (`checkLease()` then throws `LeaseLostError`) or raise a signal while the job runs.
    /// Nothing is checked: an item outside `0..<shardingTotalCount` is passed on as given.
    ///
    /// - Parameters:
    ///   - jobName: the job's name.
    ///   - shardingItem: the item the execution runs.
    ///   - shardingTotalCount: the job's item count.
    ///   - shardingParameter: the item's parameter (`shardingItemParameters[shardingItem]`).
    ///   - jobParameter: the job's parameter.
    ///   - jobProperties: the job's `props` (`streaming.process`, `script.command.line`, your own).
    ///   - scheduledFireTime: the fire the execution stands for; now by default.
    ///   - source: why the item runs: `.normalTrigger`, `.misfire` or `.failover`.
    ///   - fencingToken: the claim's token; by default value 1 of ``TestLease/defaultSessionID``
    ///     (a scheduler gives one whenever `monitorExecution` is on, its default); nil as
    ///     without `monitorExecution`.
    ///   - lease: the lease the context checks; a fresh valid one by default.
    ///   - signals: the resharding and shutdown flags the context reads; none raised by default.
    ///   - taskID: the execution's id; by default a new one in the core's format.
    ///   - logger: the logger the metadata is added to.
    public static func testing(
        jobName: String = "test-job",
        shardingItem: Int = 0,
        shardingTotalCount: Int = 1,
        shardingParameter: String? = nil,
        jobParameter: String = "",
        jobProperties: [String: String] = [:],
        scheduledFireTime: Date = Date(),
        source: ExecutionSource = .normalTrigger,
        fencingToken: FencingToken? = FencingToken(value: 1, sessionID: TestLease.defaultSessionID, epoch: 0),
        lease: TestLease = TestLease(),
        signals: TestSignals = TestSignals(),
        taskID: String? = nil,
        logger: Logger = Logger(label: "ShardedJobsTesting")
    ) -> ShardingContext {
        let taskID =
            taskID
            ?? TaskID.make(
                jobName: jobName, item: shardingItem, source: source, instance: TestInstance.id,
                fire: TestInstance.epochMillis(scheduledFireTime))
        var logger = logger
        logger[metadataKey: "job.name"] = "\(jobName)"
        logger[metadataKey: "shard.item"] = "\(shardingItem)"
        logger[metadataKey: "task.id"] = "\(taskID)"
        return ShardingContext(
            jobName: jobName, taskID: taskID, shardingTotalCount: shardingTotalCount, jobParameter: jobParameter,
            shardingItem: shardingItem, shardingParameter: shardingParameter, scheduledFireTime: scheduledFireTime,
            source: source, fencingToken: fencingToken, logger: logger, jobProperties: jobProperties, lease: lease,
            sessionID: lease.sessionID, signals: signals.signals)
    }
}
