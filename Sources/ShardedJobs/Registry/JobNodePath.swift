/// The znode paths of one job, as DESIGN section 4 lays them out (ElasticJob-Lite 3.0's layout),
/// relative to the client's namespace.
///
/// ```
/// /{job}                                   job type
/// /{job}/config                            YAML configuration
/// /{job}/servers/{ip}                      ENABLED | DISABLED
/// /{job}/instances/{instanceId}            E: YAML instance data
/// /{job}/sharding                          assignment epoch (data version = fencing epoch)
/// /{job}/sharding/{item}                   last completed scheduled fire (epoch ms)
/// /{job}/sharding/{item}/instance          owning instance id
/// /{job}/sharding/{item}/running           executing instance id
/// /{job}/sharding/{item}/misfire|disabled|failover|failovering
/// /{job}/leader/election/instance|latch    leader instance id | contenders
/// /{job}/leader/sharding/necessary|processing
/// /{job}/leader/failover/items/{item}|latch
/// /{job}/trigger/{instanceId}              run once now on that instance
/// /{job}/kill/{item}                      ours: stop that fire's execution (`{fireMs} {token}`)
/// /{job}/pause                            ours: the note of a paused job
/// /{job}/backfill/{id}[/{item}]            ours: a backfill's range and state | item progress
/// /{job}/drain/{instanceId}                ours: the instance is drained (DESIGN 12.8)
/// /{job}/systemTime/current                its mtime is the ZooKeeper clock
/// ```
public struct JobNodePath: Hashable, Sendable {
    /// The job's name.
    public let jobName: String

    /// The paths of the job with this name.
    public init(jobName: String) {
        self.jobName = jobName
    }

    /// `/{job}`: its data is the job type.
    public var root: String { "/" + jobName }
    /// `/{job}/config`.
    public var config: String { root + "/config" }
    /// `/{job}/servers`.
    public var servers: String { root + "/servers" }
    /// `/{job}/servers/{ip}`.
    public func server(_ ip: String) -> String { servers + "/" + ip }
    /// `/{job}/instances`.
    public var instances: String { root + "/instances" }
    /// `/{job}/instances/{instanceId}`.
    public func instance(_ id: String) -> String { instances + "/" + id }
    /// `/{job}/sharding`: the assignment epoch.
    public var sharding: String { root + "/sharding" }
    /// `/{job}/sharding/{item}`: the item's last completed fire.
    public func item(_ item: Int) -> String { sharding + "/" + String(item) }
    /// `/{job}/sharding/{item}/instance`.
    public func itemInstance(_ item: Int) -> String { self.item(item) + "/instance" }
    /// `/{job}/sharding/{item}/running`.
    public func itemRunning(_ item: Int) -> String { self.item(item) + "/running" }
    /// `/{job}/sharding/{item}/misfire`.
    public func itemMisfire(_ item: Int) -> String { self.item(item) + "/misfire" }
    /// `/{job}/sharding/{item}/disabled`.
    public func itemDisabled(_ item: Int) -> String { self.item(item) + "/disabled" }
    /// `/{job}/sharding/{item}/failover`.
    public func itemFailover(_ item: Int) -> String { self.item(item) + "/failover" }
    /// `/{job}/sharding/{item}/failovering`.
    public func itemFailovering(_ item: Int) -> String { self.item(item) + "/failovering" }
    /// `/{job}/sharding/{item}/gap` (ours): the fires an item is not owed (DESIGN 12.5).
    public func itemGap(_ item: Int) -> String { self.item(item) + "/gap" }
    /// `/{job}/sharding/{item}/failures` (ours): the item's run of failed fires, counted when
    /// `pauseAfterConsecutiveFailures` is set.
    public func itemFailures(_ item: Int) -> String { self.item(item) + "/failures" }
    /// `/{job}/kill` (ours): operators' kill requests, one child per item.
    public var kill: String { root + "/kill" }
    /// `/{job}/kill/{item}` (ours): `{fireMs} {token}`, the execution to stop.
    public func kill(_ item: Int) -> String { kill + "/" + String(item) }
    /// `/{job}/drain` (ours): the instances being drained, one child per instance id.
    public var drains: String { root + "/drain" }
    /// `/{job}/drain/{instanceId}` (ours): the instance is drained: the leader gives its items
    /// to the others (DESIGN 12.8).
    public func drain(_ instanceID: String) -> String { drains + "/" + instanceID }
    /// `/.sharded-jobs` (ours): the namespace's nodes that belong to no job; refused as a job name.
    public static let reserved = "/.sharded-jobs"
    /// `/.sharded-jobs/spread` (ours): one summary per SPREAD job and the pool's mutex.
    public static let spreadPool = reserved + "/spread"
    /// `/.sharded-jobs/spread/lock` (ours): the mutex under which SPREAD leaders decide.
    public static let spreadLock = spreadPool + "/lock"
    /// `/.sharded-jobs/spread/{job}` (ours): how many of the job's items each process owns, one
    /// `{instanceId}={count}` per line (`SpreadSummary`).
    public static func spreadSummary(_ job: String) -> String { spreadPool + "/" + job }
    /// `/.sharded-jobs/load` (ours): one load report per process running a `LOAD_AWARE` job.
    public static let loadReports = reserved + "/load"
    /// `/.sharded-jobs/load/{ip}@-@{pid}` (ours, ephemeral): the process's load report,
    /// `cpuPerCore=… memRatio=… running=…` with the sample before (DESIGN 12.8).
    public static func loadReport(_ process: JobInstanceID) -> String { loadReports + "/" + process.description }
    /// `/{job}/alarms/{rule}` (ours): the rule's state in the cluster (JSON),
    /// written by the job's leader (DESIGN 12.10).
    public func alarm(_ rule: String) -> String { root + "/alarms/" + rule }
    /// `/{job}/alarms/{rule}/reports` (ours): one ephemeral report per instance.
    public func alarmReports(_ rule: String) -> String { alarm(rule) + "/reports" }
    /// `/{job}/alarms/{rule}/reports/{instanceId}` (ours, ephemeral): the instance's recent
    /// failures (JSON).
    public func alarmReport(_ rule: String, instance: String) -> String { alarmReports(rule) + "/" + instance }
    /// `/.sharded-jobs/alarms` (ours): the latch electing the namespace's alarm leader, which
    /// raises the alarms no job's own leader can (a job with no live instance).
    public static let alarmsLatch = reserved + "/alarms"
    /// `/{job}/pause` (ours): the note of a job paused after failures or disabled with a note.
    public var pause: String { root + "/pause" }
    /// `/{job}/backfill` (ours): the job's backfills, one child per id.
    public var backfills: String { root + "/backfill" }
    /// `/{job}/backfill/{id}` (ours): a backfill's range and state (``BackfillRecord``).
    public func backfill(_ id: String) -> String { backfills + "/" + id }
    /// `/{job}/backfill/{id}/{item}` (ours): the latest fire of the backfill the item completed.
    public func backfillProgress(_ id: String, item: Int) -> String { backfill(id) + "/" + String(item) }
    /// `/{job}/schedule` (ours): the job's last schedule change (DESIGN 12.5).
    public var schedule: String { root + "/schedule" }
    /// `/{job}/leader`.
    public var leader: String { root + "/leader" }
    /// `/{job}/leader/election/instance`: the leader's instance id.
    public var leaderInstance: String { leader + "/election/instance" }
    /// `/{job}/leader/election/latch`: the election's contenders.
    public var electionLatch: String { leader + "/election/latch" }
    /// `/{job}/leader/sharding/necessary`: a resharding is pending.
    public var shardingNecessary: String { leader + "/sharding/necessary" }
    /// `/{job}/leader/sharding/processing`: a resharding is in progress.
    public var shardingProcessing: String { leader + "/sharding/processing" }
    /// `/{job}/leader/failover/items`.
    public var failoverItems: String { leader + "/failover/items" }
    /// `/{job}/leader/failover/items/{item}`.
    public func failoverItem(_ item: Int) -> String { failoverItems + "/" + String(item) }
    /// `/{job}/leader/failover/latch`.
    public var failoverLatch: String { leader + "/failover/latch" }
    /// `/{job}/trigger`.
    public var trigger: String { root + "/trigger" }
    /// `/{job}/trigger/{instanceId}`.
    public func trigger(_ instanceID: String) -> String { trigger + "/" + instanceID }
    /// `/{job}/guarantee/started`.
    public var guaranteeStarted: String { root + "/guarantee/started" }
    /// `/{job}/guarantee/completed`.
    public var guaranteeCompleted: String { root + "/guarantee/completed" }
    /// `/{job}/systemTime/current`.
    public var systemTime: String { root + "/systemTime/current" }
}
