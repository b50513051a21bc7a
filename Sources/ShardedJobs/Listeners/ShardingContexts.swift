import Foundation
import Logging

/// The items of one execution of a job on one instance, as listeners receive them.
///
/// ElasticJob's `ShardingContexts`: the job's fields, and one ``ShardingContext`` per item
/// this instance runs in the execution.
public struct ShardingContexts: Sendable {
    /// The job's name.
    public let jobName: String
    /// This instance's id.
    public let instanceID: String
    /// The scheduled instant of the fire (for a manual trigger, the trigger's time).
    public let scheduledFireTime: Date
    /// Whether the execution is a manual trigger.
    public let isManualTrigger: Bool
    /// The items' contexts, in ascending item order.
    public let contexts: [ShardingContext]
    /// Items that failed (empty before the execution).
    public internal(set) var failedItems: Set<Int> = []
    /// The job's logger.
    public let logger: Logger

    /// The items, ascending.
    public var items: [Int] { contexts.map(\.shardingItem) }
    /// The job's item count at the fire.
    public var shardingTotalCount: Int { contexts.first?.shardingTotalCount ?? 0 }
    /// The job's parameter.
    public var jobParameter: String { contexts.first?.jobParameter ?? "" }

    /// Contexts with every field given: a run's (`RunExecution`), or a test's
    /// (`ShardingContexts.testing(…)` in `ShardedJobsTesting`).
    package init(
        jobName: String, instanceID: String, scheduledFireTime: Date, isManualTrigger: Bool, contexts: [ShardingContext],
        failedItems: Set<Int> = [], logger: Logger
    ) {
        self.jobName = jobName
        self.instanceID = instanceID
        self.scheduledFireTime = scheduledFireTime
        self.isManualTrigger = isManualTrigger
        self.contexts = contexts
        self.failedItems = failedItems
        self.logger = logger
    }
}
