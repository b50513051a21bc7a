import Foundation
import Logging

/// What an item's execution knows: the job, the item, the fire, and how to prove the instance
/// still holds its claim.
///
/// The first six properties are ElasticJob's `ShardingContext`; the rest are ours. Call
/// `checkLease()` at commit points — right before a write that must not happen twice — and
/// hand `fencingToken` to storage that can refuse stale writers.
public struct ShardingContext: Sendable {
    /// The job's name.
    public let jobName: String
    /// The execution's task id, unique per execution.
    public let taskID: String
    /// The job's item count at the fire.
    public let shardingTotalCount: Int
    /// The job's parameter (empty when not set).
    public let jobParameter: String
    /// The item this execution runs.
    public let shardingItem: Int
    /// The item's parameter, when `shardingItemParameters` gives it one.
    public let shardingParameter: String?
    /// The scheduled instant this execution stands for (for a manual trigger, the trigger's time).
    public let scheduledFireTime: Date
    /// Why the item runs.
    public let source: ExecutionSource
    /// The claim's fencing token; nil when the job runs without `monitorExecution`.
    public let fencingToken: FencingToken?
    /// A logger with `job.name`, `shard.item` and `task.id` metadata. With tracing on, what
    /// the execution logs through it is also kept with the execution (``JobLogLine``).
    public internal(set) var logger: Logger
    /// The job's `props` in effect at the fire (`streaming.process`, `script.command.line`,
    /// `http.uri`, …): job types read their settings here, so a change written to ZooKeeper
    /// applies from the next fire.
    public internal(set) var jobProperties: [String: String] = [:]
    /// Which attempt of the item-fire this is, 1 for the first (`retry.maxAttempts`; a
    /// failover run continues with the attempt after the interrupted one).
    public internal(set) var attempt = 1
    /// The backfill whose fire this execution runs (`shardctl backfill`, DESIGN 12.6), nil for
    /// every other run. `scheduledFireTime` is that fire; `source` is `NORMAL_TRIGGER`, or
    /// `FAILOVER` when a survivor took the execution over.
    public internal(set) var backfillID: String?
    var lease: LeaseCheck
    /// The job runtime's signals (resharding pending, shutting down).
    var signals = JobSignals()

    /// Whether the instance can still prove it holds the session the item was claimed under,
    /// and (with `monitorExecution`) that the ensemble's leader heard it recently: the lease is
    /// valid and a reply through the leader (a `sync` heartbeat or a write) to a request sent
    /// at most 0.5 s ago proves contact (DESIGN 12.4).
    ///
    /// Lock-free and computed from the monotonic clock: right even on the first instruction
    /// after the process was frozen. While the job's items run, the client keeps a `sync` in
    /// flight every 100 ms, so a healthy instance always passes; one cut off from the leader
    /// stops passing within 0.5 s of the cut. In the throughput mode (no `monitorExecution`)
    /// only the lease counts.
    public var isLeaseValid: Bool { lease.isValid }

    /// Whether a resharding of the job is pending: a long item should finish its current round
    /// and return, so that the resharding (which waits for running items) can proceed.
    ///
    /// Read from this instance's watch of `leader/sharding/necessary`; no ZooKeeper round trip.
    public var isReshardingPending: Bool { signals.isReshardingPending }

    /// Whether graceful shutdown of the job has begun on this instance: finish the current
    /// round and return (the item is cancelled if it outlives the shutdown deadline).
    ///
    /// Graceful shutdown is not cancellation: `Task.isCancelled` stays false until the deadline.
    public var isShuttingDown: Bool { signals.isShuttingDown }

    /// Whether the scheduler stopped this execution — its `timeout` passed, an operator killed
    /// it, or a newer fire replaced it (DESIGN 12.6): it
    /// must not commit (its commit checks fail), its task is cancelled, and it completes as
    /// failed with ``ExecutionStopped`` once it returns.
    public var isStopped: Bool { lease.isStopped }

    /// What stopped this execution, when ``isStopped``: its `timeout`, an operator's kill, or a
    /// newer fire of the item under `overlapPolicy: cancelRunning`.
    public var stopCause: ExecutionStopped.Cause? { lease.stopCause }

    /// Throws `LeaseLostError` unless `isLeaseValid`. Call it right before committing.
    public func checkLease() throws(LeaseLostError) {
        guard lease.isValid || InjectedBug.skipLeaseCheck.isActive else {
            throw LeaseLostError(lease.isStopped ? .stopped : .leaseExpired, jobName: jobName, item: shardingItem, sessionID: lease.sessionID)
        }
        lease.attempts?.commitCheckPassed()
    }

    /// Confirms the claim through the ensemble's leader: sends one `sync` and throws
    /// `LeaseLostError` unless its reply comes within 0.5 s on the session the item was claimed
    /// under (with a valid lease). Call it right before committing when a round trip is
    /// affordable; it does not depend on the heartbeat's timing. In the throughput mode it is
    /// `checkLease()`.
    public func confirmLease() async throws(LeaseLostError) {
        guard await lease.confirm() else {
            throw LeaseLostError(lease.isStopped ? .stopped : .leaseExpired, jobName: jobName, item: shardingItem, sessionID: lease.sessionID)
        }
        lease.attempts?.commitCheckPassed()
    }

    /// The context as JSON, as script and HTTP jobs receive it: keys in ElasticJob's order,
    /// `shardingParameter` omitted when absent, `/` not escaped.
    ///
    /// With `asciiOnly`, every non-ASCII character is escaped as `\uXXXX` (for HTTP headers).
    public func json(asciiOnly: Bool = false) -> String {
        var object = JSONWriter(asciiOnly: asciiOnly)
        object.field("jobName", string: jobName)
        object.field("taskId", string: taskID)
        object.field("shardingTotalCount", number: shardingTotalCount)
        object.field("jobParameter", string: jobParameter)
        object.field("shardingItem", number: shardingItem)
        if let shardingParameter { object.field("shardingParameter", string: shardingParameter) }
        return object.finish()
    }
}

extension ShardingContext {
    /// A context with every field given and the lease vouched for by `authority`: the one
    /// door `ShardedJobsTesting` builds contexts through (`ShardingContext.testing(…)`).
    package init(
        jobName: String, taskID: String, shardingTotalCount: Int, jobParameter: String, shardingItem: Int,
        shardingParameter: String?, scheduledFireTime: Date, source: ExecutionSource, fencingToken: FencingToken?,
        logger: Logger, jobProperties: [String: String], lease authority: any LeaseAuthority, sessionID: Int64,
        signals: JobSignals
    ) {
        self.init(
            jobName: jobName, taskID: taskID, shardingTotalCount: shardingTotalCount, jobParameter: jobParameter,
            shardingItem: shardingItem, shardingParameter: shardingParameter, scheduledFireTime: scheduledFireTime,
            source: source, fencingToken: fencingToken, logger: logger,
            lease: LeaseCheck(authority: authority, sessionID: sessionID), signals: signals)
        self.jobProperties = jobProperties
    }
}
