/// One live instance of a job: its id, server, labels, and the items it owns.
///
/// Encodes as `instanceId`, `serverIp`, `labels` (when set), `serverStatus`
/// (`ENABLED` or `DISABLED`), `leader` and `items`.
public struct InstanceInfo: Sendable, Hashable, Codable {
    /// The instance id, `{ip}@-@{pid}[-{suffix}]`.
    public var instanceId: String
    /// The IP of the instance's server.
    public var serverIp: String
    /// ElasticJob's free-text labels of the instance, if any.
    public var labels: String?
    /// The state of the instance's server for this job: `ENABLED` or `DISABLED`.
    public var serverStatus: String
    /// Whether this instance is the job's leader.
    public var leader: Bool
    /// The items assigned to this instance, ascending.
    public var items: [Int]

    /// Creates an instance's info.
    ///
    /// Normally produced by ``JobOperations/instances(job:)``.
    public init(instanceId: String, serverIp: String, labels: String?, serverStatus: String, leader: Bool, items: [Int]) {
        self.instanceId = instanceId
        self.serverIp = serverIp
        self.labels = labels
        self.serverStatus = serverStatus
        self.leader = leader
        self.items = items
    }
}
