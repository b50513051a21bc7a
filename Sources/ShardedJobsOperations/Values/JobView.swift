/// Everything an operator watches of one job, read at one moment: status, items, instances.
///
/// Encodes as `status` (a ``JobStatusReport``), `sharding` and `instances`.
public struct JobView: Sendable, Hashable, Codable {
    /// The job's status in detail.
    public var status: JobStatusReport
    /// Every item with its owner and status.
    public var sharding: [ShardingInfo]
    /// The live instances with their items.
    public var instances: [InstanceInfo]

    /// Creates a view.
    ///
    /// Normally produced by ``JobOperations/view(job:)`` and ``JobOperations/watch(job:)``.
    public init(status: JobStatusReport, sharding: [ShardingInfo], instances: [InstanceInfo]) {
        self.status = status
        self.sharding = sharding
        self.instances = instances
    }
}
