/// One line of the job list: a job's name, status, schedule and size.
///
/// Encodes with ElasticJob's field names: `jobName`, `status`,
/// `description`, `cron`, `instanceCount`, `shardingTotalCount`.
public struct JobBriefInfo: Sendable, Hashable, Codable {
    /// The job's name (its znode below the namespace).
    public var jobName: String
    /// The job's status; see ``JobStatus`` for the precedence.
    public var status: JobStatus
    /// The configuration's free-text description.
    public var description: String
    /// The configuration's cron expression, or `every 3s` for a fixed-rate job.
    public var cron: String
    /// The number of live instances.
    public var instanceCount: Int
    /// The configuration's number of items.
    public var shardingTotalCount: Int

    /// Creates a brief info value.
    ///
    /// Normally produced by ``JobOperations/jobs()``.
    public init(
        jobName: String, status: JobStatus, description: String, cron: String, instanceCount: Int,
        shardingTotalCount: Int
    ) {
        self.jobName = jobName
        self.status = status
        self.description = description
        self.cron = cron
        self.instanceCount = instanceCount
        self.shardingTotalCount = shardingTotalCount
    }
}
