/// A part of the job's view as the driver re-read it after its watch fired.
enum ViewUpdate: Sendable {
    /// `config`: a valid configuration, or the reason the one written is not, when the node was
    /// last written (ZooKeeper's clock) and its data version (claims check it).
    case configuration(Result<JobConfiguration, ConfigurationProblem>, modifiedAt: Int64, version: Int32)
    /// The children of `instances/`, and whether the lease of the session that created our
    /// instance node was valid when they were read (an operator's shutdown needs both); with
    /// the labels of those not known yet, read while the job has a `label`.
    case instances(Set<JobInstanceID>, leaseValid: Bool, labels: [JobInstanceID: Set<String>] = [:])
    /// The server list: IP → enabled, or nil for a server whose state is watched already (the
    /// machine keeps what it knows); and whether the job is paused when our server's state was
    /// read (nil when it was not).
    case servers([String: Bool?], paused: Bool? = nil)
    /// One server's state; nil when its node is gone. `paused`: it is our server, read
    /// `DISABLED`, and `/{job}/pause` exists.
    case server(String, enabled: Bool?, paused: Bool = false)
    /// The `disabled` marks of these items.
    case disabledItems([Int: Bool])
    /// Whether `leader/sharding/necessary` exists.
    case reshardingFlag(Bool)
    /// The epoch (data version and value of `/{job}/sharding`) and every item's owner.
    case assignment(AssignmentRead)
    /// `leader/election/instance` changed (the leader writes it again).
    case leaderMirror
    /// The instances being drained (children of `/{job}/drain`).
    case drains(Set<JobInstanceID>)
    /// The processes with a load report (children of `/.sharded-jobs/load`) and the reports
    /// read now (those watched already are kept as known).
    case loadReports(Set<JobInstanceID>, read: [JobInstanceID: LoadReport])
    /// One process's load report; nil when it is gone or does not parse.
    case loadReport(JobInstanceID, LoadReport?)
}

/// Why a configuration written to ZooKeeper is not used.
struct ConfigurationProblem: Error, Sendable {
    let description: String
}

/// The assignment as read: the epoch and the item owners.
struct AssignmentRead: Sendable, Hashable {
    /// The data version of `/{job}/sharding` (the fencing epoch).
    let epoch: Int32
    /// Its value (raised by every resharding).
    let epochValue: Int64
    /// Item → owner, for items that have one.
    let owners: [Int: JobInstanceID]
}

/// What a registration read: the configuration in ZooKeeper and the whole view.
struct RegistrationOutcome: Sendable {
    let sessionID: Int64
    let configuration: JobConfiguration
    let instances: Set<JobInstanceID>
    /// The instances' labels, read when the job has a `label`.
    var labels: [JobInstanceID: Set<String>] = [:]
    /// The instances being drained.
    var drains: Set<JobInstanceID> = []
    let servers: [String: Bool]
    let disabledItems: Set<Int>
    /// Whether our server was read `DISABLED` with `/{job}/pause` there.
    var paused = false
    let reshardingPending: Bool
    let assignment: AssignmentRead
    let progress: [Int: ItemProgress]
    let failoverQueueHasItems: Bool
    /// The job's last schedule change (`/{job}/schedule`), if one is recorded.
    let scheduleChange: ScheduleChange?
    /// What became of the completion records handed to `.register`.
    let flushed: [CompletionFlush]
    /// The configuration node's modification time: when its schedule took effect, if this
    /// instance knew another one before.
    var configurationModifiedAt: Int64? = nil
    /// The data version of the configuration node read (claims check it); nil when unknown.
    var configurationVersion: Int32? = nil
    /// Whether the configuration's watch fired while the registration read: a newer
    /// configuration is being read, and fires and catch-ups wait for it.
    var configurationChanged = false
}

/// What an instance knows about an item it owns: the item's last completed fire and the data
/// version of `sharding/{item}` that goes with it (for the next versioned mark).
struct ItemProgress: Sendable, Hashable {
    /// The scheduled instant of the last completed fire (epoch ms).
    var last: Int64
    /// The data version of `sharding/{item}`.
    var version: Int32
    /// The item's gap record (`sharding/{item}/gap`), if it has one.
    var gap: ItemGap? = nil
}

/// The nodes a job watches (DESIGN section 6 point 8: only what changes rarely).
enum JobWatch: Hashable, Sendable {
    case config
    case instances
    case servers
    case server(String)
    case epoch
    case itemOwner(Int)
    case itemDisabled(Int)
    case necessary
    case failoverQueue
    case itemRunning(Int)
    case trigger
    case kill
    case leaderInstance
    case backfills
    /// The children of `/{job}/drain` (or its creation while it does not exist).
    case drains
    /// The children of `/.sharded-jobs/load` (or its creation), watched by a `LOAD_AWARE` leader.
    case loadReports
    /// One process's load report.
    case loadReport(JobInstanceID)

    /// Whether the watch is one of the load reports'.
    var isLoadReport: Bool {
        switch self {
        case .loadReports, .loadReport: true
        default: false
        }
    }
}
