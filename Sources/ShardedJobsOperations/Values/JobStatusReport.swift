/// The status of one job in detail: its brief info, leader, servers and problem items.
///
/// Encodes ``JobBriefInfo``'s fields (`jobName`, `status`, `description`,
/// `cron`, `instanceCount`, `shardingTotalCount`) and `jobType`, `leader`,
/// `servers` (IP to `ENABLED`/`DISABLED`), `disabledItems`,
/// `itemsWithoutLiveOwner`, `runningItems` and `policies`.
public struct JobStatusReport: Sendable, Hashable, Codable {
    /// The job's name.
    public var jobName: String
    /// The job's status.
    public var status: JobStatus
    /// The configuration's description.
    public var description: String
    /// The configuration's cron expression.
    public var cron: String
    /// The number of live instances.
    public var instanceCount: Int
    /// The configuration's number of items.
    public var shardingTotalCount: Int
    /// The data of `/{job}`: the Swift type name, `SCRIPT` or `HTTP`.
    public var jobType: String
    /// The leader's instance id, if one is elected.
    public var leader: String?
    /// Each server's state for this job, `ENABLED` or `DISABLED`.
    public var servers: [String: String]
    /// Items with a `disabled` mark.
    public var disabledItems: [Int]
    /// Items whose owner is missing or not live.
    public var itemsWithoutLiveOwner: [Int]
    /// Items executing now.
    public var runningItems: [Int]
    /// The execution policies in effect (this library's settings present in the configuration,
    /// by plain name, such as `timeout` → `30s`); empty when none is set.
    public var policies: [String: String]

    /// The brief info contained in this report.
    ///
    /// The fields the job list shows.
    public var brief: JobBriefInfo {
        JobBriefInfo(
            jobName: jobName, status: status, description: description, cron: cron, instanceCount: instanceCount,
            shardingTotalCount: shardingTotalCount)
    }

    /// Creates a report from a brief info and the details.
    ///
    /// Normally produced by ``JobOperations/status(job:)``.
    public init(
        brief: JobBriefInfo, jobType: String, leader: String?, servers: [String: String], disabledItems: [Int],
        itemsWithoutLiveOwner: [Int], runningItems: [Int], policies: [String: String] = [:]
    ) {
        jobName = brief.jobName
        status = brief.status
        description = brief.description
        cron = brief.cron
        instanceCount = brief.instanceCount
        shardingTotalCount = brief.shardingTotalCount
        self.jobType = jobType
        self.leader = leader
        self.servers = servers
        self.disabledItems = disabledItems
        self.itemsWithoutLiveOwner = itemsWithoutLiveOwner
        self.runningItems = runningItems
        self.policies = policies
    }
}
