/// The status of one job in detail: its brief info, leader, servers and problem items.
///
/// Encodes ``JobBriefInfo``'s fields (`jobName`, `status`, `description`,
/// `cron`, `instanceCount`, `shardingTotalCount`) and `jobType`, `leader`,
/// `servers` (IP to `ENABLED`/`DISABLED`), `disabledItems`,
/// `itemsWithoutLiveOwner`, `runningItems`, `policies`, `runningTimeouts`, `runningAttempts`, `paused`,
/// `note`, `label` and `statusReason`.
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
    /// The running items that have a timeout, each with the instant it is stopped.
    public var runningTimeouts: [RunningTimeout]
    /// The running items past their first attempt, each with its attempt.
    public var runningAttempts: [RunningAttempt]
    /// Whether the job is paused: stopped cluster-wide with a note, by
    /// `pauseAfterConsecutiveFailures` or by `shardctl disable JOB --note`.
    public var paused: Bool
    /// The pause note (when, why, the item, the fire, the cause); empty when not paused.
    public var note: String
    /// The label an instance must carry to run the job's items (DESIGN 12.8); empty when none.
    public var label: String
    /// Why the status is what it is when the items cannot be placed, such as
    /// `no instance carries label "gpu"` beside `SHARDING_FLAG`; empty otherwise.
    public var statusReason: String

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
        itemsWithoutLiveOwner: [Int], runningItems: [Int], policies: [String: String] = [:],
        runningTimeouts: [RunningTimeout] = [], runningAttempts: [RunningAttempt] = [], pauseNote: String? = nil,
        label: String? = nil, statusReason: String? = nil
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
        self.runningTimeouts = runningTimeouts
        self.runningAttempts = runningAttempts
        paused = pauseNote != nil
        note = pauseNote ?? ""
        self.label = label ?? ""
        self.statusReason = statusReason ?? ""
    }

    /// The running items as `3 (attempt 2, stops in 12s), 5`: each with its attempt past the
    /// first and the time left to its timeout, as the clock at `nowMillis` counts it; `-` when
    /// none runs.
    public func runningSummary(nowMillis: Int64) -> String {
        guard !runningItems.isEmpty else { return "-" }
        let stops = Dictionary(runningTimeouts.map { ($0.item, $0) }, uniquingKeysWith: { first, _ in first })
        let attempts = Dictionary(runningAttempts.map { ($0.item, $0.attempt) }, uniquingKeysWith: { first, _ in first })
        return runningItems.map { item in
            let notes = [attempts[item].map { "attempt \($0)" }, stops[item].map { "stops in \($0.timeLeft(nowMillis: nowMillis))" }]
                .compactMap { $0 }
            return notes.isEmpty ? "\(item)" : "\(item) (\(notes.joined(separator: ", ")))"
        }.joined(separator: ", ")
    }
}
