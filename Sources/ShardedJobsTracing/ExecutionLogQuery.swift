import Foundation

/// Which rows of `JOB_EXECUTION_LOG` to read: every set field must match; newest start first.
public struct ExecutionLogQuery: Sendable, Hashable {
    /// Only the execution with this id.
    public var id: String?
    /// Only this job.
    public var jobName: String?
    /// Only this sharding item.
    public var item: Int?
    /// Only this instance id (`{ip}@-@{pid}[-{suffix}]`).
    public var instanceID: String?
    /// Only executions that started at or after this instant.
    public var startedFrom: Date?
    /// Only executions that started before this instant.
    public var startedBefore: Date?
    /// Only successes (true) or only failures and running items (false).
    public var isSuccess: Bool?
    /// Only executions still running, with no completion (true), or only completed ones (false).
    public var isRunning: Bool?
    /// At most this many rows.
    public var limit: Int
    /// Rows skipped before the first one returned (paging).
    public var offset: Int

    /// Creates a query; with no argument, the newest 100 rows of every job.
    public init(
        id: String? = nil, jobName: String? = nil, item: Int? = nil, instanceID: String? = nil, startedFrom: Date? = nil,
        startedBefore: Date? = nil, isSuccess: Bool? = nil, isRunning: Bool? = nil, limit: Int = 100, offset: Int = 0
    ) {
        self.id = id
        self.jobName = jobName
        self.item = item
        self.instanceID = instanceID
        self.startedFrom = startedFrom
        self.startedBefore = startedBefore
        self.isSuccess = isSuccess
        self.isRunning = isRunning
        self.limit = limit
        self.offset = offset
    }
}
