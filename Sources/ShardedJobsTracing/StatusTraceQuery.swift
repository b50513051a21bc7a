import Foundation
import ShardedJobs

/// Which rows of `JOB_STATUS_TRACE_LOG` to read: every set field must match; newest first.
public struct StatusTraceQuery: Sendable, Hashable {
    /// Only this job.
    public var jobName: String?
    /// Only this fire's task id.
    public var taskID: String?
    /// Only this instance id (`slave_id`).
    public var instanceID: String?
    /// Only this state.
    public var state: JobStatusTraceEvent.State?
    /// Only rows created at or after this instant.
    public var createdFrom: Date?
    /// Only rows created before this instant.
    public var createdBefore: Date?
    /// At most this many rows.
    public var limit: Int

    /// Creates a query; with no argument, the newest 100 rows of every job.
    public init(
        jobName: String? = nil, taskID: String? = nil, instanceID: String? = nil,
        state: JobStatusTraceEvent.State? = nil, createdFrom: Date? = nil, createdBefore: Date? = nil,
        limit: Int = 100
    ) {
        self.jobName = jobName
        self.taskID = taskID
        self.instanceID = instanceID
        self.state = state
        self.createdFrom = createdFrom
        self.createdBefore = createdBefore
        self.limit = limit
    }
}
