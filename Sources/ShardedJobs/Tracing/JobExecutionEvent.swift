import Foundation

/// One execution of one sharding item, as tracing records it: a row of ElasticJob's
/// `JOB_EXECUTION_LOG`.
///
/// The scheduler emits it twice with the same ``id``: when the item starts (no
/// ``completeTime``, not yet a success) and when it completes (with ``completeTime``,
/// ``isSuccess`` and, on failure, ``failureCause``). Stores write the start as a new row and
/// the completion as an update of it (or a whole row, when the start was lost).
public struct JobExecutionEvent: Sendable, Hashable {
    /// The unique id of this execution (a UUID), the row's primary key (`id`).
    public var id: String
    /// The job's name (`job_name`).
    public var jobName: String
    /// The execution's task id, as the job saw it in its `ShardingContext` (`task_id`).
    public var taskID: String
    /// The host name of the instance that ran the item (`hostname`).
    public var hostname: String
    /// The IP the instance registered under (`ip`).
    public var ip: String
    /// The instance id, `{ip}@-@{pid}[-{suffix}]` (`instance_id`, a column of ours).
    public var instanceID: String
    /// The sharding item (`sharding_item`).
    public var item: Int
    /// Why the item ran (`execution_source`).
    public var source: ExecutionSource
    /// The scheduled instant of the fire the item belongs to (`fire_time`, a column of ours).
    public var fireTime: Date
    /// When the item started, that is was handed to the worker pools (`start_time`).
    public var startTime: Date
    /// When the item completed (`complete_time`); nil while it runs.
    public var completeTime: Date?
    /// Whether it completed without an error (`is_success`); false while it runs.
    public var isSuccess: Bool
    /// The error that failed it, as text (`failure_cause`); nil unless it failed.
    public var failureCause: String?
    /// Which attempt of the item-fire this execution is, 1 for the first (`attempt`, a column
    /// of ours; `retry.maxAttempts` writes one row per attempt).
    public var attempt: Int = 1
    /// What kind of run it belongs to (`run_kind`, a column of ours): `NORMAL`, `MISFIRE`,
    /// `FAILOVER` or `MANUAL` (a manual trigger, or its failover). `execution_source` keeps
    /// ElasticJob's three values, so ElasticJob's console reads our rows.
    public var runKind: String = "NORMAL"
    /// The run's id for the kinds that carry one (`run_id`, a column of ours); nil otherwise.
    public var runID: String?

    /// Creates an event from its fields.
    public init(
        id: String, jobName: String, taskID: String, hostname: String, ip: String, instanceID: String, item: Int,
        source: ExecutionSource, fireTime: Date, startTime: Date, completeTime: Date? = nil, isSuccess: Bool = false,
        failureCause: String? = nil
    ) {
        self.id = id
        self.jobName = jobName
        self.taskID = taskID
        self.hostname = hostname
        self.ip = ip
        self.instanceID = instanceID
        self.item = item
        self.source = source
        self.fireTime = fireTime
        self.startTime = startTime
        self.completeTime = completeTime
        self.isSuccess = isSuccess
        self.failureCause = failureCause
    }

    /// Whether this is the completion of the execution (it has a ``completeTime``).
    public var isCompletion: Bool { completeTime != nil }

    /// This event completed now: with success when `failure` is nil, else with its text.
    public func completed(at time: Date = Date(), failure: (any Error)?) -> JobExecutionEvent {
        var event = self
        event.completeTime = time
        event.isSuccess = failure == nil
        event.failureCause = failure.map { String(describing: $0) }
        return event
    }
}
