/// One item of a job's assignment: who owns it and what it is doing.
///
/// Encodes with ElasticJob's field names: `item`, `serverIp`, `instanceId`,
/// `status`, `failover`. `serverIp` and `instanceId` are absent for an item
/// without an owner.
public struct ShardingInfo: Sendable, Hashable, Codable {
    /// The item number, from 0.
    public var item: Int
    /// The IP of the owning instance's server, or `nil` without an owner.
    public var serverIp: String?
    /// The owning instance's id, or `nil` without an owner.
    public var instanceId: String?
    /// The item's status; see ``ShardingStatus`` for the precedence.
    public var status: ShardingStatus
    /// Whether the item is being failed over (a `failover` or `failovering` mark exists).
    public var failover: Bool

    /// Creates an item's info.
    ///
    /// Normally produced by ``JobOperations/sharding(job:)``.
    public init(item: Int, serverIp: String?, instanceId: String?, status: ShardingStatus, failover: Bool) {
        self.item = item
        self.serverIp = serverIp
        self.instanceId = instanceId
        self.status = status
        self.failover = failover
    }
}
