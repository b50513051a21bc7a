import Foundation

/// A change of state of one fire on one instance, as tracing records it: a row of
/// ElasticJob's `JOB_STATUS_TRACE_LOG`.
///
/// A fire that runs items goes `TASK_STAGING` (this instance took the fire, with the items it
/// owns), `TASK_RUNNING` (its items were claimed and start), then `TASK_FINISHED` or
/// `TASK_ERROR` (some item failed; the message names them). A fire with nothing to run is
/// `TASK_FINISHED` at once, with the reason as message. All rows of one fire share a task id.
public struct JobStatusTraceEvent: Sendable, Hashable {
    /// The state a fire reached.
    public enum State: String, Sendable, Hashable, CaseIterable {
        /// The instance took the fire and prepares its items.
        case taskStaging = "TASK_STAGING"
        /// The fire's items were claimed and are running.
        case taskRunning = "TASK_RUNNING"
        /// Every item of the fire completed (or there was nothing to run).
        case taskFinished = "TASK_FINISHED"
        /// The fire ended with failed items, or could not run them.
        case taskError = "TASK_ERROR"
    }

    /// The unique id of this row (a UUID, `id`).
    public var id: String
    /// The job's name (`job_name`).
    public var jobName: String
    /// The task id this one replaces, empty for a first run (`original_task_id`, kept for
    /// ElasticJob compatibility).
    public var originalTaskID: String
    /// The fire's task id, `{job}@-@{items}@-@{type}@-@{instance}@-@{uuid}` (`task_id`).
    public var taskID: String
    /// The instance id (`slave_id`).
    public var instanceID: String
    /// `READY` for a regular or misfire run, `FAILOVER` when every item is a failover
    /// (`execution_type`).
    public var executionType: String
    /// The fire's items as ElasticJob writes them, such as `[0, 1, 2]` (`sharding_item`).
    public var items: [Int]
    /// The state reached (`state`).
    public var state: State
    /// Details, such as the failed items or why nothing ran (`message`).
    public var message: String
    /// When the state was reached (`creation_time`).
    public var creationTime: Date
    /// The scheduled instant of the fire (`fire_time`, a column of ours).
    public var fireTime: Date

    /// Creates an event from its fields.
    public init(
        id: String, jobName: String, originalTaskID: String = "", taskID: String, instanceID: String,
        executionType: String, items: [Int], state: State, message: String, creationTime: Date, fireTime: Date
    ) {
        self.id = id
        self.jobName = jobName
        self.originalTaskID = originalTaskID
        self.taskID = taskID
        self.instanceID = instanceID
        self.executionType = executionType
        self.items = items
        self.state = state
        self.message = message
        self.creationTime = creationTime
        self.fireTime = fireTime
    }

    /// The items as ElasticJob's `sharding_item` text, such as `[0, 1, 2]`.
    public var itemsText: String { "[" + items.map(String.init).joined(separator: ", ") + "]" }
}
