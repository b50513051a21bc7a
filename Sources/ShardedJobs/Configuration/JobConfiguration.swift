/// The configuration of one job, with ElasticJob-Lite 3.0's field names and defaults.
///
/// Stored as YAML in the job's `config` znode (see ``yaml`` and
/// ``init(yaml:)``), readable and editable with `zkCli`. Only ``jobName``,
/// ``cron`` and ``shardingTotalCount`` have no default:
///
/// ```swift
/// let configuration = JobConfiguration(
///     name: "order-sync", cron: "0/10 * * * * ?", shardingTotalCount: 6,
///     shardingItemParameters: [0: "north", 1: "south"])
/// try configuration.validate()
/// ```
///
/// Creating a value never fails; ``validate()`` checks it and names the first
/// wrong key. The full reference is in `docs/configuration.md`.
public struct JobConfiguration: Sendable, Hashable {
    /// The largest accepted ``shardingTotalCount``.
    ///
    /// It keeps a resharding multi-op (one operation per item and a few more)
    /// well below ZooKeeper's default 1 MB request limit.
    public static let maximumShardingTotalCount = 5000

    /// The job's name, which is also its znode below the namespace.
    ///
    /// Letters, digits, `.`, `_` and `-`; see ``validate()``.
    public var jobName: String
    /// The Quartz-dialect cron expression of the job's fires.
    ///
    /// Parsed with `CronExpression`, for example `0/10 * * * * ?`.
    public var cron: String
    /// The time zone the cron expression is evaluated in, or `nil` for the writer's zone.
    ///
    /// An IANA id (`Europe/Berlin`) or `GMT±hh:mm`. The instance that writes
    /// the configuration to ZooKeeper records its own zone when this is `nil`
    /// (see ``withTimeZone(default:)``).
    public var timeZone: String?
    /// The number of items the job is split into, `1...5000`.
    ///
    /// Items are numbered from 0.
    public var shardingTotalCount: Int
    /// An optional parameter per item, passed to the item's execution.
    ///
    /// Stored as ElasticJob's single string `0=north,1=south`; see
    /// ``ShardingItemParameters``.
    public var shardingItemParameters: [Int: String]
    /// A parameter passed to every item of the job.
    ///
    /// Free text; empty by default.
    public var jobParameter: String
    /// Whether each item's execution is marked `running` in ZooKeeper.
    ///
    /// Needed by resharding (which waits for running items) and by failover.
    public var monitorExecution: Bool
    /// Whether the items of a crashed instance are re-run by another instance.
    ///
    /// Requires ``monitorExecution``.
    public var failover: Bool
    /// Whether a fire missed while the previous one was still running is run afterwards.
    ///
    /// ElasticJob's default, `true`.
    public var misfire: Bool
    /// The largest tolerated difference in seconds between this host's clock and ZooKeeper's.
    ///
    /// Any negative value (the default, `-1`) disables the check.
    public var maxTimeDiffSeconds: Int
    /// How often, in minutes, the leader repairs the job's znodes; 0 disables it.
    ///
    /// Negative values are rejected by ``validate()``.
    public var reconcileIntervalMinutes: Int
    /// The sharding strategy's type, or `nil` for `AVG_ALLOCATION`.
    ///
    /// Must name a strategy known to ``JobShardingStrategies``.
    public var jobShardingStrategyType: String?
    /// ElasticJob's executor thread-pool sizing type, stored and passed on unchanged.
    ///
    /// This library sizes its shared worker pool itself; the key is kept so
    /// that configurations written by ElasticJob round-trip.
    public var jobExecutorThreadPoolSizeProviderType: String?
    /// The error handler's type, or `nil` for `LOG`.
    ///
    /// `LOG`, `THROW`, `IGNORE` or a registered custom handler.
    public var jobErrorHandlerType: String?
    /// The types of the listeners called around each fire.
    ///
    /// Empty by default; omitted from the YAML when empty.
    public var jobListenerTypes: [String]
    /// A free-text description of the job.
    ///
    /// Shown by operation tools; empty by default.
    public var description: String
    /// Extra settings of job types and extensions, such as `script.command.line`.
    ///
    /// Never put secrets here: the configuration is readable by anyone who
    /// can read the ZooKeeper namespace.
    public var props: [String: String]
    /// Whether the job's servers start out `DISABLED`.
    ///
    /// An instance that starts with this set writes `DISABLED` to its
    /// `servers/{ip}` node.
    public var disabled: Bool
    /// Whether this configuration replaces the one already in ZooKeeper.
    ///
    /// By default the first instance writes the configuration and later ones
    /// use ZooKeeper's copy.
    public var overwrite: Bool
    /// Whether items keep their owners when instances join or leave.
    ///
    /// With static sharding, once items are assigned, instance and server
    /// changes do not trigger a resharding (ElasticJob's meaning); a change of
    /// ``shardingTotalCount`` still does.
    public var staticSharding: Bool

    /// Creates a configuration; every key but the first three has ElasticJob's default.
    ///
    /// No check is made here; call ``validate()``.
    public init(
        name: String,
        cron: String,
        shardingTotalCount: Int,
        shardingItemParameters: [Int: String] = [:],
        jobParameter: String = "",
        timeZone: String? = nil,
        monitorExecution: Bool = true,
        failover: Bool = false,
        misfire: Bool = true,
        maxTimeDiffSeconds: Int = -1,
        reconcileIntervalMinutes: Int = 10,
        jobShardingStrategyType: String? = nil,
        jobExecutorThreadPoolSizeProviderType: String? = nil,
        jobErrorHandlerType: String? = nil,
        jobListenerTypes: [String] = [],
        description: String = "",
        props: [String: String] = [:],
        disabled: Bool = false,
        overwrite: Bool = false,
        staticSharding: Bool = false
    ) {
        self.jobName = name
        self.cron = cron
        self.timeZone = timeZone
        self.shardingTotalCount = shardingTotalCount
        self.shardingItemParameters = shardingItemParameters
        self.jobParameter = jobParameter
        self.monitorExecution = monitorExecution
        self.failover = failover
        self.misfire = misfire
        self.maxTimeDiffSeconds = maxTimeDiffSeconds
        self.reconcileIntervalMinutes = reconcileIntervalMinutes
        self.jobShardingStrategyType = jobShardingStrategyType
        self.jobExecutorThreadPoolSizeProviderType = jobExecutorThreadPoolSizeProviderType
        self.jobErrorHandlerType = jobErrorHandlerType
        self.jobListenerTypes = jobListenerTypes
        self.description = description
        self.props = props
        self.disabled = disabled
        self.overwrite = overwrite
        self.staticSharding = staticSharding
    }

    /// The sharding strategy type in effect: ``jobShardingStrategyType`` or `AVG_ALLOCATION`.
    ///
    /// Look it up with ``JobShardingStrategies/strategy(named:)``.
    public var effectiveShardingStrategyType: String {
        jobShardingStrategyType ?? AverageAllocationStrategy.typeName
    }

    /// The error handler type in effect: ``jobErrorHandlerType`` or `LOG`.
    ///
    /// ElasticJob's default handler logs the error and carries on.
    public var effectiveErrorHandlerType: String {
        jobErrorHandlerType ?? "LOG"
    }

    /// This configuration with ``timeZone`` set to `identifier` if it was `nil`.
    ///
    /// The instance that writes the configuration to ZooKeeper records its
    /// own zone this way, so that every instance fires at the same instants.
    public func withTimeZone(default identifier: String) -> JobConfiguration {
        var copy = self
        if copy.timeZone == nil { copy.timeZone = identifier }
        return copy
    }
}
