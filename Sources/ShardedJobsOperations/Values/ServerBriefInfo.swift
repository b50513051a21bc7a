/// One server (IP) of the namespace, across every job it serves.
///
/// Encodes with ElasticJob's field names: `serverIp`, `instances`,
/// `jobNames`, `instancesNum`, `jobsNum`, `disabledJobsNum`.
public struct ServerBriefInfo: Sendable, Hashable, Codable {
    /// The server's IP, the name of its `servers/{ip}` nodes.
    public var serverIp: String
    /// The ids of the live instances on this server, over all jobs, sorted.
    public var instances: [String]
    /// The jobs that have a `servers/{ip}` node for this server, sorted.
    public var jobNames: [String]
    /// The number of ``instances``.
    public var instancesNum: Int
    /// The number of ``jobNames``.
    public var jobsNum: Int
    /// The number of jobs for which this server is `DISABLED`.
    public var disabledJobsNum: Int

    /// Creates a server's info; the counts are derived from the lists.
    ///
    /// Normally produced by ``JobOperations/servers()``.
    public init(serverIp: String, instances: [String], jobNames: [String], disabledJobsNum: Int) {
        self.serverIp = serverIp
        self.instances = instances
        self.jobNames = jobNames
        self.instancesNum = instances.count
        self.jobsNum = jobNames.count
        self.disabledJobsNum = disabledJobsNum
    }
}
