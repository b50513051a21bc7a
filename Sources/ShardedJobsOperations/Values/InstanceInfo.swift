/// One live instance of a job: its id, server, labels, and the items it owns.
///
/// Encodes as `instanceId`, `serverIp`, `labels` (when set), `serverStatus`
/// (`ENABLED` or `DISABLED`), `leader`, `items`, `draining` and `load` (when read).
public struct InstanceInfo: Sendable, Hashable, Codable {
    /// The instance id, `{ip}@-@{pid}[-{suffix}]`.
    public var instanceId: String
    /// The IP of the instance's server.
    public var serverIp: String
    /// The instance's placement labels, sorted and joined by `,`, if any.
    public var labels: String?
    /// The state of the instance's server for this job: `ENABLED` or `DISABLED`.
    public var serverStatus: String
    /// Whether this instance is the job's leader.
    public var leader: Bool
    /// The items assigned to this instance, ascending.
    public var items: [Int]
    /// Whether the instance is drained (DESIGN 12.8): its items move to the others.
    public var draining: Bool
    /// The latest sample of the process's load report, such as `cpuPerCore=0.42 memRatio=0.61`,
    /// read for a `LOAD_AWARE` job whose instance's process has one; nil otherwise.
    public var load: String?

    /// Creates an instance's info.
    ///
    /// Normally produced by ``JobOperations/instances(job:)``.
    public init(
        instanceId: String, serverIp: String, labels: String?, serverStatus: String, leader: Bool, items: [Int], draining: Bool = false,
        load: String? = nil
    ) {
        self.instanceId = instanceId
        self.serverIp = serverIp
        self.labels = labels
        self.serverStatus = serverStatus
        self.leader = leader
        self.items = items
        self.draining = draining
        self.load = load
    }
}
